#include <workhost/control/protocolmessages.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/cborfieldreader.h>

#include <limits>

namespace workhost {

namespace {

// The keys, one spelling each.
const QString typeKey = QStringLiteral("type");
const QString idKey = QStringLiteral("id");

template <typename T>
Parsed<T> finish(const CborFieldReader &reader, T message)
{
    if (reader.error())
        return Parsed<T>::failure(*reader.error());
    return Parsed<T>::success(std::move(message));
}

QCborMap typed(const char *type)
{
    QCborMap map;
    map.insert(typeKey, QLatin1String(type));
    return map;
}

// The map is a message of `type`: the caller asked for one kind.
void expectType(CborFieldReader &reader, const QCborMap &map, const char *type)
{
    const Parsed<QString> actual = messageType(map);
    if (!actual.ok())
        reader.fail(actual.error.field, actual.error.message);
    else if (*actual.value != QLatin1String(type))
        reader.fail(
            typeKey,
            QStringLiteral("is \"%1\"; expected \"%2\"").arg(*actual.value, QLatin1String(type)));
}

} // namespace

ControlReply ControlReply::success(qint64 id, const QCborValue &result)
{
    return ControlReply{id, result, std::nullopt};
}

ControlReply ControlReply::failure(qint64 id, const QString &code, const QString &message)
{
    return ControlReply{id, QCborValue(), ControlError{code, message}};
}

Parsed<QString> messageType(const QCborMap &map)
{
    CborFieldReader reader(map);
    const QString type = reader.text(typeKey, protocol::maxNameLength);
    static const QStringList known = {QStringLiteral("hello"), QStringLiteral("request"),
                                      QStringLiteral("reply"), QStringLiteral("event")};
    if (!reader.error() && !known.contains(type))
        reader.fail(typeKey, QStringLiteral("\"%1\" is no message type (%2)")
                                 .arg(type, known.join(QStringLiteral(", "))));
    return finish(reader, type);
}

QCborMap toCbor(const ControlHello &hello)
{
    QCborMap map = typed("hello");
    map.insert(QStringLiteral("protocol"), hello.protocolVersion);
    map.insert(QStringLiteral("workhost"), hello.workhostVersion);
    map.insert(QStringLiteral("pid"), hello.hostPid);
    map.insert(QStringLiteral("config"), hello.configPath);
    map.insert(QStringLiteral("state"), configName(hello.hostState));
    return map;
}

Parsed<ControlHello> helloFromCbor(const QCborMap &map)
{
    CborFieldReader reader(map);
    expectType(reader, map, "hello");
    ControlHello hello;
    // The version first: a peer of another version may have changed the rest.
    hello.protocolVersion = int(reader.integer(QStringLiteral("protocol"), 1, 0xFFFF));
    if (!reader.error() && hello.protocolVersion != protocol::version)
        reader.fail(QStringLiteral("protocol"),
                    QStringLiteral("the host speaks version %1; this side speaks version %2")
                        .arg(hello.protocolVersion)
                        .arg(protocol::version));
    hello.workhostVersion = reader.text(QStringLiteral("workhost"), protocol::maxNameLength);
    hello.hostPid = reader.integer(QStringLiteral("pid"), 1, std::numeric_limits<qint32>::max());
    hello.configPath = reader.text(QStringLiteral("config"), protocol::maxTextLength, true);
    const QString state = reader.text(QStringLiteral("state"), protocol::maxNameLength);
    if (const std::optional<HostState> parsed = parseConfigName<HostState>(state))
        hello.hostState = *parsed;
    else
        reader.fail(QStringLiteral("state"),
                    QStringLiteral("\"%1\" is no host state (%2)")
                        .arg(state, configNames<HostState>().join(QStringLiteral(", "))));
    return finish(reader, hello);
}

QCborMap toCbor(const ControlRequest &request)
{
    QCborMap map = typed("request");
    map.insert(idKey, request.id);
    map.insert(QStringLiteral("method"), request.method);
    if (!request.params.isEmpty())
        map.insert(QStringLiteral("params"), request.params);
    return map;
}

Parsed<ControlRequest> requestFromCbor(const QCborMap &map)
{
    CborFieldReader reader(map);
    expectType(reader, map, "request");
    ControlRequest request;
    request.id = reader.integer(idKey, 1, protocol::maxId);
    request.method = reader.text(QStringLiteral("method"), protocol::maxNameLength);
    request.params = reader.map(QStringLiteral("params"), true);
    return finish(reader, request);
}

QCborMap toCbor(const ControlReply &reply)
{
    QCborMap map = typed("reply");
    map.insert(idKey, reply.id);
    if (reply.error) {
        QCborMap error;
        error.insert(QStringLiteral("code"), reply.error->code);
        error.insert(QStringLiteral("message"), reply.error->message);
        map.insert(QStringLiteral("error"), error);
    } else {
        // Undefined would read as missing: no result is null.
        map.insert(QStringLiteral("result"),
                   reply.result.isUndefined() ? QCborValue(nullptr) : reply.result);
    }
    return map;
}

Parsed<ControlReply> replyFromCbor(const QCborMap &map)
{
    CborFieldReader reader(map);
    expectType(reader, map, "reply");
    ControlReply reply;
    reply.id = reader.integer(idKey, 0, protocol::maxId);
    const bool hasError = reader.has(QStringLiteral("error"));
    if (hasError == reader.has(QStringLiteral("result")) && !reader.error())
        reader.fail(QStringLiteral("result"),
                    QStringLiteral("a reply holds either \"result\" or \"error\", not %1")
                        .arg(hasError ? QStringLiteral("both") : QStringLiteral("neither")));
    if (hasError) {
        const QCborMap errorMap = reader.map(QStringLiteral("error"));
        CborFieldReader errorReader(errorMap);
        ControlError error;
        error.code = errorReader.text(QStringLiteral("code"), protocol::maxNameLength);
        error.message = errorReader.text(QStringLiteral("message"), protocol::maxTextLength, true);
        if (errorReader.error() && !reader.error())
            reader.fail(QStringLiteral("error.") + errorReader.error()->field,
                        errorReader.error()->message);
        reply.error = error;
    } else {
        reply.result = reader.value(QStringLiteral("result"));
    }
    return finish(reader, reply);
}

QCborMap toCbor(const ControlEvent &event)
{
    QCborMap map = typed("event");
    map.insert(QStringLiteral("stream"), event.stream);
    map.insert(QStringLiteral("seq"), event.seq);
    map.insert(QStringLiteral("payload"), event.payload);
    return map;
}

Parsed<ControlEvent> eventFromCbor(const QCborMap &map)
{
    CborFieldReader reader(map);
    expectType(reader, map, "event");
    ControlEvent event;
    event.stream = reader.text(QStringLiteral("stream"), protocol::maxNameLength);
    event.seq = reader.integer(QStringLiteral("seq"), 1, std::numeric_limits<qint64>::max());
    event.payload = reader.value(QStringLiteral("payload"));
    return finish(reader, event);
}

} // namespace workhost
