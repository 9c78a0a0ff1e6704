#include "gui/mainwindow.h"
#include "ui_mainwindow.h"

#include "core/applicationinfo.h"

#include <QIcon>

namespace workhost {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    setWindowTitle(ApplicationInfo::name());
    setWindowIcon(QIcon(QStringLiteral(":/icons/workhost.svg")));
}

MainWindow::~MainWindow() = default;

} // namespace workhost
