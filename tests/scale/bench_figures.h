// Small measuring helpers shared by the scale benchmarks (bench_scale_models, bench_app).
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <algorithm>
#include <functional>

#include "scale_layout.h"

namespace tideline::bench {

// VmRSS of this process in MB, or -1 when /proc cannot tell.
inline double residentMegabytes() {
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').at(0).toDouble() / 1024.0;
    }
    return -1;
}

// The middle value (the upper one of an even count), or -1 for no values.
inline double median(QList<double> values) {
    if (values.isEmpty()) return -1;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Reads `--topics N --groups N --bootstrap HOST:PORT` and the benchmark's own whole-number option
// (`extraName`, e.g. "--runs") from `args`; returns the bootstrap to attach to, empty to start a cluster.
inline QString readScaleOptions(const QStringList& args, populate::ScaleLayout& layout,
                                const QString& extraName, int& extra) {
    QString attachTo;
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == "--topics")
            layout.topics = args[i + 1].toInt();
        else if (args[i] == "--groups")
            layout.groups = args[i + 1].toInt();
        else if (args[i] == extraName)
            extra = args[i + 1].toInt();
        else if (args[i] == "--bootstrap")
            attachTo = args[i + 1];
    }
    layout.topicsWithRecords = std::min(layout.topicsWithRecords, layout.topics);
    return attachTo;
}

// Runs the event loop (idle, not spinning) until `done` holds, checked every 2 ms, or `timeoutMs` passed.
inline bool waitFor(const std::function<bool()>& done, int timeoutMs) {
    if (done()) return true;
    QEventLoop loop;
    QTimer check;
    QElapsedTimer timer;
    timer.start();
    QObject::connect(&check, &QTimer::timeout, [&] {
        if (done() || timer.elapsed() > timeoutMs) loop.quit();
    });
    check.start(2);
    loop.exec();
    return done();
}

}  // namespace tideline::bench
