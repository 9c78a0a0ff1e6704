#pragma once

#include <workhost/control/messageerror.h>
#include <workhost/hosting/hoststates.h>

#include <QCborMap>
#include <QCborValue>
#include <QLatin1String>
#include <QMetaType>
#include <QString>

#include <optional>

namespace workhost {

// The messages of the control protocol, version 1 (docs/PROTOCOL.md), as
// value types, and their conversion to and from the CBOR map a frame holds.
// Every map names its kind in "type"; reading checks each field and says
// which one is wrong; fields a reader does not know are ignored, so that a
// minor addition never breaks an older peer. Values; any thread.
namespace protocol {
constexpr int version = 1;                 // a peer refuses another version (the hello says which)
constexpr qsizetype maxNameLength = 64;    // methods, streams, error codes, versions
constexpr qsizetype maxTextLength = 65536; // paths, error messages
constexpr qint64 maxId = (qint64(1) << 53) - 1; // ids survive a JSON double in a client
} // namespace protocol

// The error codes a reply may carry (ControlError::code). A client must take
// a code it does not know as a plain failure: later versions may add codes.
namespace errorcode {
inline constexpr QLatin1String badFrame("badFrame");     // unreadable frame
inline constexpr QLatin1String badMessage("badMessage"); // a map, not a valid message
inline constexpr QLatin1String unknownMethod("unknownMethod");
inline constexpr QLatin1String badParams("badParams"); // the method's params are wrong
inline constexpr QLatin1String replyTooLarge("replyTooLarge");
inline constexpr QLatin1String internal("internal");                 // the host failed to answer
inline constexpr QLatin1String badConfiguration("badConfiguration"); // "reload": a broken file
inline constexpr QLatin1String unavailable("unavailable"); // not now (the host is stopping)
inline constexpr QLatin1String refused("refused"); // the host would not: the message says why
} // namespace errorcode

// The first message on every connection, from the host.
struct ControlHello
{
    int protocolVersion = protocol::version;
    QString workhostVersion; // ApplicationInfo::version()
    qint64 hostPid = 0;
    QString configPath; // the configuration file the host runs; may be empty (none)
    HostState hostState = HostState::Created;
};

// From a client: call `method` with `params`; the reply carries the same id.
// Ids are the client's (1..protocol::maxId); id 0 is never a request's.
struct ControlRequest
{
    qint64 id = 0;
    QString method;
    QCborMap params;
};

struct ControlError
{
    QString code; // errorcode::...
    QString message;
};

// The answer to one request: a result, or an error. Id 0 answers input that
// could not be read as a request (a bad frame, a map without a valid id).
struct ControlReply
{
    qint64 id = 0;
    QCborValue result;                 // without error; may be null
    std::optional<ControlError> error; // with error, no result

    bool isError() const { return error.has_value(); }
    static ControlReply success(qint64 id, const QCborValue &result);
    static ControlReply failure(qint64 id, const QString &code, const QString &message);
};

// Something the host publishes on a stream, numbered: seq counts from 1 on
// each stream, with no gap in what one connection is sent.
struct ControlEvent
{
    QString stream;
    qint64 seq = 0;
    QCborValue payload;
};

// "hello", "request", "reply" or "event": the map's "type", checked.
Parsed<QString> messageType(const QCborMap &map);

QCborMap toCbor(const ControlHello &hello);
QCborMap toCbor(const ControlRequest &request);
QCborMap toCbor(const ControlReply &reply);
QCborMap toCbor(const ControlEvent &event);

Parsed<ControlHello> helloFromCbor(const QCborMap &map);
Parsed<ControlRequest> requestFromCbor(const QCborMap &map);
Parsed<ControlReply> replyFromCbor(const QCborMap &map);
Parsed<ControlEvent> eventFromCbor(const QCborMap &map);

} // namespace workhost

Q_DECLARE_METATYPE(workhost::ControlHello)
Q_DECLARE_METATYPE(workhost::ControlReply)
Q_DECLARE_METATYPE(workhost::ControlEvent)
