#pragma once

#include <QMetaType>
#include <QString>

#include <optional>

namespace workhost {

// Something a person (the window's details) or a client (the control
// channel) may ask a hosted service to do, whatever its type: "enqueue 10
// items". A value type. The service declares its actions in its constructor
// (Service::addAction); callers list them with Service::actions() and run one
// with Service::runAction(), knowing nothing of the service's class.
struct ServiceAction
{
    // The action's one integer argument (a count), when it takes one.
    struct Count
    {
        int minimum = 1;
        int maximum = 1;
        int initial = 1; // what a form offers first
        friend bool operator==(const Count &, const Count &) = default;
    };

    QString name;  // what a caller asks for: "enqueue"
    QString label; // what a person clicks: "Enqueue items"
    std::optional<Count> count;
    friend bool operator==(const ServiceAction &, const ServiceAction &) = default;
};

// What asking for an action came to, for the caller to show.
struct ActionResult
{
    bool done = false; // false: refused or only partly done; `message` says why
    QString message;   // "10 items enqueued", "the queue was full: 3 of 10 items enqueued"
};

} // namespace workhost

Q_DECLARE_METATYPE(workhost::ServiceAction)
Q_DECLARE_METATYPE(workhost::ActionResult)
