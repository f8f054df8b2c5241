// tideline: the desktop console.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>
#include <QTextStream>

#include "model/profiles/secret_store.h"
#include "tideline_version.h"
#include "ui/actions/connection_actions.h"
#include "ui/main_window.h"
#include "ui/page_request.h"
#include "ui/pages/dev_cluster_page.h"
#include "ui/screenshot_driver.h"
#include "ui/theme.h"

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitScreenshotFailed = 3;

int fail(const QString& message, int code) {
    QTextStream(stderr) << "tideline: " << message << "\n";
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Tideline");
    QApplication::setApplicationName("Tideline");
    // Lets Wayland compositors match the window to the installed desktop entry.
    QGuiApplication::setDesktopFileName(TIDELINE_APP_ID);
    QApplication::setApplicationVersion(TIDELINE_VERSION);
    QApplication::setWindowIcon(QIcon(":/tideline/tideline.svg"));

    QCommandLineParser parser;
    parser.setApplicationDescription("Native desktop console for Apache Kafka.");
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption bootstrap("bootstrap", "Connect to the cluster at <servers> (host:port,...).",
                                       "servers");
    const QCommandLineOption profile("profile", "Open the saved connection <name>.", "name");
    const QCommandLineOption devCluster("dev-cluster",
                                        "Start the local development cluster, or attach to it if it runs.");
    const QCommandLineOption devDataDir("dev-data-dir", "Data directory of the local cluster.", "dir");
    const QCommandLineOption devBrokers("dev-brokers", "Brokers of the local cluster (default 3).", "n");
    const QCommandLineOption devPort("dev-port", "First broker port of the local cluster (default 19092).",
                                     "port");
    const QCommandLineOption devControlPort("dev-control-port", "Control API port of the local cluster.",
                                            "port");
    const QCommandLineOption demo("demo",
                                  "Load the demo workload on the local cluster (implies --dev-cluster).");
    const QCommandLineOption show(
        "show",
        "Open <page>: overview, brokers, topics, topic:NAME, groups, group:NAME or dev-cluster; "
        "topic:NAME/TAB opens a tab of the topic (partitions, configs, groups or messages).",
        "page");
    const QCommandLineOption screenshot(
        "screenshot", "Once the page has data, save the window as a PNG to <file> and exit.", "file");
    const QCommandLineOption timeout("timeout", "Seconds --screenshot waits for data (default 45).", "s",
                                     "45");
    const QCommandLineOption theme("theme", "system, light or dark (default: as last chosen).", "theme");
    parser.addOptions({bootstrap, profile, devCluster, demo, devDataDir, devBrokers, devPort, devControlPort,
                       show, screenshot, timeout, theme});
    parser.process(app);

    std::optional<tideline::ui::PageRequest> page;
    if (parser.isSet(show)) {
        page = tideline::ui::parsePageRequest(parser.value(show));
        if (!page) {
            return fail(QString("unknown page \"%1\" for --show").arg(parser.value(show)), kExitUsage);
        }
    }
    const QString themeName =
        parser.isSet(theme) ? parser.value(theme) : QSettings().value("view/theme").toString();
    tideline::ui::applyTheme(tideline::ui::themeModeFromName(themeName));

    tideline::ui::MainWindow window;
    QSettings settings;
    tideline::model::KeychainSecretStore keychain;
    auto* connections = new tideline::ui::ConnectionActions(&window, settings, keychain);
    QString firstCluster;
    if (parser.isSet(profile)) {
        const auto saved = connections->store().profile(parser.value(profile));
        if (!saved) {
            return fail(QString("no saved connection named \"%1\"").arg(parser.value(profile)), kExitUsage);
        }
        firstCluster = window.addProfileCluster(*saved);  // already listed by the connection actions
    }
    for (const QString& servers : parser.values(bootstrap)) {
        const QString key = window.addBootstrapCluster(servers);
        firstCluster = firstCluster.isEmpty() ? key : firstCluster;
    }
    const bool startDevCluster = parser.isSet(devCluster) || parser.isSet(demo);
    if (startDevCluster) {
        tideline::ui::DevClusterPage* dev = window.devClusterPage();
        tideline::model::DevClusterLaunch launch = dev->launchOptions();
        if (parser.isSet(devDataDir)) {
            launch.dataDir = parser.value(devDataDir);
        }
        if (parser.isSet(devBrokers)) {
            launch.brokers = parser.value(devBrokers).toInt();
        }
        if (parser.isSet(devPort)) {
            launch.port = quint16(parser.value(devPort).toUInt());
        }
        if (parser.isSet(devControlPort)) {
            launch.controlPort = quint16(parser.value(devControlPort).toUInt());
        }
        dev->setLaunchOptions(launch);
        if (parser.isSet(demo)) {
            // Once, as soon as the cluster runs and lists its brokers.
            auto* once = new QObject(dev);
            const auto startDemo = [dev, once] {
                if (dev->controller()->state().status == tideline::model::DevClusterStatus::Running &&
                    !dev->controller()->brokers().isEmpty() && !dev->demoWorkload()->running()) {
                    dev->toggleDemoWorkload();
                    once->deleteLater();
                }
            };
            QObject::connect(dev->controller(), &tideline::model::DevClusterController::brokersChanged, once,
                             startDemo);
            QObject::connect(dev->controller(), &tideline::model::DevClusterController::stateChanged, once,
                             startDemo);
        }
        dev->startOrAttach();
    }
    if (!firstCluster.isEmpty() && !startDevCluster) {
        window.selectCluster(firstCluster);
    }
    if (page) {
        window.showPage(*page);
    }
    window.show();

    if (parser.isSet(screenshot)) {
        auto* driver = new tideline::ui::ScreenshotDriver(
            &window, parser.value(screenshot), int(parser.value(timeout).toDouble() * 1000), &window);
        QObject::connect(driver, &tideline::ui::ScreenshotDriver::finished, &app,
                         [](bool ok, const QString& message) {
                             QTextStream(ok ? stdout : stderr) << "tideline: " << message << "\n";
                             QCoreApplication::exit(ok ? 0 : kExitScreenshotFailed);
                         });
        driver->start();
    }
    return QApplication::exec();
}
