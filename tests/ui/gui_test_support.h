// Helpers for the GUI tests: isolated settings, fast polling, and checks on rendered images.
#pragma once

#include <QCoreApplication>
#include <QImage>
#include <QSet>
#include <QSettings>
#include <QString>

#include "model/session_options.h"

namespace tideline::ui::testing {

// The user's own window state stays out of the tests, and the tests' out of it.
inline void isolateSettings(const QString& dir, const QString& name) {
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir);
    QCoreApplication::setOrganizationName("TidelineTests");
    QCoreApplication::setApplicationName(name);
}

// Polls every second rather than every 2-5 s, so state changes show within the tests' waits.
inline model::SessionOptions fastSessionOptions() {
    model::SessionOptions options;
    options.metadataInterval = std::chrono::milliseconds(1000);
    options.offsetsInterval = std::chrono::milliseconds(1000);
    options.requestTimeout = std::chrono::milliseconds(3000);
    options.firstRetryDelay = std::chrono::milliseconds(500);
    options.maxRetryDelay = std::chrono::milliseconds(2000);
    return options;
}

// A blank or failed render has one or two colours; text, tables and charts have many.
inline int distinctColours(const QImage& image, int step = 3) {
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += step) {
        for (int x = 0; x < image.width(); x += step) {
            colours.insert(image.pixel(x, y));
        }
    }
    return int(colours.size());
}

}  // namespace tideline::ui::testing
