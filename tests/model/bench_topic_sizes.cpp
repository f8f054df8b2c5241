// Prints what reading topic sizes costs on the scale cluster (10,000 topics x 10 partitions by
// default): DescribeLogDirs to every broker at once, and adding them up per topic, as the session's
// worker does at the config refresh cadence. A benchmark, not a test: it fails only when a figure
// cannot be taken. Figures for docs/performance.md ("Topic sizes").
//   bench_topic_sizes [--topics N] [--groups N] [--runs N] [--bootstrap SERVERS]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThreadPool>
#include <QTimer>
#include <optional>

#include "bench_figures.h"
#include "model/librdkafka_session.h"
#include "model/topic_sizes.h"
#include "scale_cluster.h"

using namespace tideline::model;
using tideline::populate::ScaleLayout;

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    registerSessionMetaTypes();
    ScaleLayout layout;
    layout.groups = 0;  // sizes do not depend on groups
    int runs = 5;
    const QString attachTo = tideline::bench::readScaleOptions(app.arguments(), layout, "--runs", runs);
    tideline::testing::ScaleCluster cluster(layout);
    if (attachTo.isEmpty() && !cluster.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(cluster.error()));
        return 1;
    }
    const QString bootstrap = attachTo.isEmpty() ? cluster.bootstrap() : attachTo;

    // The brokers and topics, as a session's first snapshot has them.
    ConnectionProfile profile;
    profile.name = "sizes";
    profile.bootstrapServers = bootstrap;
    SessionOptions options;
    options.metadataInterval = options.offsetsInterval = std::chrono::minutes(10);
    LibrdkafkaSession session(profile, {}, options);
    std::optional<ClusterSnapshot> first;
    QEventLoop loop;
    QObject::connect(&session, &ClusterSession::snapshotReady, [&](const ClusterSnapshot& s) {
        first = s;
        loop.quit();
    });
    QTimer::singleShot(120'000, &loop, &QEventLoop::quit);
    session.start();
    loop.exec();
    if (!first || first->topics.size() < layout.topics) {
        std::fprintf(stderr, "no full snapshot\n");
        return 1;
    }
    session.stop();

    QThreadPool pool;
    pool.setMaxThreadCount(8);
    QList<double> readMs;
    QList<double> sumMs;
    qsizetype known = 0;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        const QList<BrokerReplicaSizes> reports =
            readReplicaSizes(first->brokers, WireSecurity{}, std::chrono::seconds(30), &pool);
        readMs.append(timer.nsecsElapsed() / 1e6);
        for (const BrokerReplicaSizes& report : reports) {
            if (!report.error.isEmpty()) {
                std::fprintf(stderr, "%s\n", qPrintable(report.error));
                return 1;
            }
        }
        timer.restart();
        known = topicSizes(first->topics, reports).size();
        sumMs.append(timer.nsecsElapsed() / 1e6);
    }
    qsizetype partitions = 0;
    for (const TopicInfo& topic : std::as_const(first->topics)) {
        partitions += topic.partitions.size();
    }
    std::printf("%lld topics, %lld partitions, %lld brokers; sizes known for %lld topics\n",
                static_cast<long long>(first->topics.size()), static_cast<long long>(partitions),
                static_cast<long long>(first->brokers.size()), static_cast<long long>(known));
    std::printf("| figure | measured |\n| --- | ---: |\n");
    std::printf("| DescribeLogDirs to every broker at once (ms, median of %d) | %.1f |\n", runs,
                tideline::bench::median(readMs));
    std::printf("| adding up sizes per topic (ms, median of %d) | %.1f |\n", runs,
                tideline::bench::median(sumMs));
    return known == first->topics.size() ? 0 : 1;
}
