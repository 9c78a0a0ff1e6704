#pragma once

#include <workhost/models/workerstatusmodel.h>

namespace workhost {

// The window's workers table: the core's WorkerStatusModel (rows, columns,
// texts, sorting, rate and CPU sampling) with the state's colour and icon
// (statevisuals.h) in the State column, and the colour of a failure's message.
// While its session is not connected (isStale()), every cell is greyed: the
// last values seen, kept, not the host's now.
//
// Owner: the main window; lives on the GUI thread, as does the session.
class WorkerTableModel : public WorkerStatusModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkerTableModel)

public:
    using WorkerStatusModel::WorkerStatusModel;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace workhost
