// tideline: the desktop console.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTextStream>
#include <QTimer>

#include "ui/main_window.h"

namespace {

// Renders the shown window to `path` and quits, so a person (or CI) can check what it looks like
// even under QT_QPA_PLATFORM=offscreen.
void scheduleScreenshot(QWidget& window, const QString& path) {
    // Queued so that the first layout and paint have happened before grabbing.
    QTimer::singleShot(0, &window, [&window, path] {
        const bool saved = window.grab().save(path, "PNG");
        if (!saved) {
            QTextStream(stderr) << "tideline: could not write screenshot to " << path << "\n";
        }
        QCoreApplication::exit(saved ? 0 : 1);
    });
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Tideline");
    QApplication::setApplicationName("Tideline");
    QApplication::setApplicationVersion(TIDELINE_VERSION);
    QApplication::setWindowIcon(QIcon(":/tideline/tideline.svg"));

    QCommandLineParser parser;
    parser.setApplicationDescription("Native desktop console for Apache Kafka.");
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot("screenshot", "Save the window as a PNG to <file>, then exit.",
                                        "file");
    parser.addOption(screenshot);
    parser.process(app);

    tideline::ui::MainWindow window;
    window.show();
    if (parser.isSet(screenshot)) {
        scheduleScreenshot(window, parser.value(screenshot));
    }
    return QApplication::exec();
}
