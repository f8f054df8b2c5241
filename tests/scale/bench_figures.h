// Small measuring helpers shared by the scale benchmarks (bench_scale_models, bench_app).
#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>
#include <algorithm>

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

}  // namespace tideline::bench
