// Prints the model figures of issue 4 on the scale cluster (10,000 topics x 10 partitions, 1,000
// groups; tests/scale): time to a session's first full snapshot against `kcat -L` on the same
// cluster, a lag refresh of every group, the GUI-thread time to apply one refresh, and the memory of
// the session and its models. A benchmark, not a test: it fails only when a figure cannot be taken.
//   bench_scale_models [--topics N] [--groups N] [--runs N] [--bootstrap SERVERS]
// --bootstrap measures a scale cluster that already runs (tideline-scale-cluster, same layout).
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent>
#include <algorithm>
#include <cstdio>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "bench_figures.h"
#include "kafka_populate.h"
#include "model/librdkafka_session.h"
#include "model/models/consumer_groups_model.h"
#include "model/models/partitions_model.h"
#include "model/models/topics_model.h"
#include "scale_cluster.h"

using namespace tideline::model;
using tideline::populate::ScaleLayout;

namespace {

using tideline::bench::median;
using tideline::bench::residentMegabytes;
using tideline::bench::waitFor;

// Bytes malloc has handed out and not had back, in MB: unlike the resident set, it does not depend on
// how much freed memory the allocator keeps, so it moves less between runs. -1 without glibc.
double heapInUseMegabytes() {
#if defined(__GLIBC__)
    const struct mallinfo2 info = mallinfo2();
    return double(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
#else
    return -1;
#endif
}

bool fullSnapshot(const ClusterSnapshot& snapshot, const ScaleLayout& layout) {
    if (snapshot.metadataOnly) return false;
    if (snapshot.topics.size() < layout.topics || snapshot.groups.size() < layout.groups) return false;
    const bool watermarks =
        std::all_of(snapshot.topics.begin(), snapshot.topics.end(), [](const TopicInfo& t) {
            return std::all_of(t.partitions.begin(), t.partitions.end(), [](const PartitionInfo& p) {
                return p.lowWatermark.has_value() && p.highWatermark.has_value();
            });
        });
    return watermarks &&
           std::all_of(snapshot.groups.begin(), snapshot.groups.end(), [&](const ConsumerGroupInfo& group) {
               return group.committedOffsets.size() == layout.partitions;
           });
}

// Every topic and partition with its leader and replicas, nothing read from the partitions yet.
bool metadataSnapshot(const ClusterSnapshot& snapshot, const ScaleLayout& layout) {
    if (snapshot.topics.size() < layout.topics || snapshot.brokers.isEmpty()) return false;
    return std::all_of(snapshot.topics.begin(), snapshot.topics.end(), [&](const TopicInfo& t) {
        return t.partitions.size() == (t.internal ? t.partitions.size() : layout.partitions) &&
               std::all_of(t.partitions.begin(), t.partitions.end(),
                           [](const PartitionInfo& p) { return p.leader >= 0 && !p.replicas.isEmpty(); });
    });
}

ConnectionProfile profileFor(const QString& bootstrap) {
    ConnectionProfile profile;
    profile.name = "scale";
    profile.bootstrapServers = bootstrap;
    return profile;
}

// One kcat metadata listing of the whole cluster, in ms; -1 when kcat failed.
double kcatMetadataMs(const QString& bootstrap) {
    QElapsedTimer timer;
    timer.start();
    const auto result = tideline::testing::runTool("kcat", {"-b", bootstrap, "-L"}, {}, 120'000);
    const double ms = timer.nsecsElapsed() / 1e6;
    if (!result.finished || result.exitCode != 0 || !result.out.contains("scale-00000")) return -1;
    return ms;
}

struct FirstSnapshots {
    double metadata = -1;  // ms to the first snapshot with every topic and partition (maybe metadata only)
    double full = -1;      // ms to the first snapshot with every watermark, group and commit too
};

// Times from start() to the first snapshot with the cluster's metadata and to the first full one.
FirstSnapshots firstSnapshotMs(const QString& bootstrap, const ScaleLayout& layout) {
    SessionOptions options;
    options.metadataInterval = options.offsetsInterval = std::chrono::minutes(10);
    LibrdkafkaSession session(profileFor(bootstrap), {}, options);
    FirstSnapshots times;
    std::optional<ClusterSnapshot> full;
    QElapsedTimer timer;
    QObject::connect(&session, &ClusterSession::snapshotReady, [&](const ClusterSnapshot& s) {
        const double ms = timer.nsecsElapsed() / 1e6;
        if (times.metadata < 0 && metadataSnapshot(s, layout)) times.metadata = ms;
        if (!s.metadataOnly && !full) {
            full = s;
            times.full = ms;
        }
    });
    timer.start();
    session.start();
    if (!waitFor([&] { return full.has_value(); }, 120'000)) return {};
    if (!fullSnapshot(*full, layout) || !full->warnings.isEmpty() || times.metadata < 0) {
        std::fprintf(stderr, "first snapshot incomplete: %d topics, %d groups; %s\n",
                     int(full->topics.size()), int(full->groups.size()),
                     qPrintable(full->warnings.join("; ")));
        return {};
    }
    return times;
}

struct Figures {
    double kcat = -1, first = -1, firstMetadata = -1;
    double lagRefresh = -1, lagRefreshMax = -1;
    double applyFirst = -1, applyRefresh = -1, applyRefreshMax = -1;
    double memory = -1, memoryTotal = -1, heap = -1;
    int refreshes = 0;
};

template <typename Model, typename Row>
QFuture<RowsUpdate<Row>> prepareFor(const Model& model, std::function<QList<Row>()> rowsOf) {
    return QtConcurrent::run([rows = model.rows(), revision = model.revision(), rowsOf]() -> RowsUpdate<Row> {
        return prepareRowsUpdate(rows, revision, rowsOf());
    });
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    registerSessionMetaTypes();
    ScaleLayout layout;
    int runs = 3;
    const QString attachTo = tideline::bench::readScaleOptions(app.arguments(), layout, "--runs", runs);

    tideline::testing::ScaleCluster cluster(layout);
    if (attachTo.isEmpty() && !cluster.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(cluster.error()));
        return 1;
    }
    const auto& times = cluster.times();
    std::printf(
        "scale cluster: %d topics x %d partitions, %d groups; filled in %.2f s (topics %.2f s, "
        "records %.2f s, commits %.2f s)\n",
        layout.topics, layout.partitions, layout.groups,
        times.create_topics_s + times.produce_s + times.commit_s, times.create_topics_s, times.produce_s,
        times.commit_s);
    std::fflush(stdout);
    const QString bootstrap = attachTo.isEmpty() ? cluster.bootstrap() : attachTo;
    Figures f;

    // 1. First full snapshot against kcat -L, alternating, `runs` times each.
    QList<double> kcat, first, firstMetadata;
    for (int run = 0; run < runs; ++run) {
        kcat.append(kcatMetadataMs(bootstrap));
        const FirstSnapshots times = firstSnapshotMs(bootstrap, layout);
        first.append(times.full);
        firstMetadata.append(times.metadata);
        std::printf(
            "  run %d: kcat -L %.0f ms, first snapshot with metadata %.0f ms, first full snapshot %.0f ms\n",
            run + 1, kcat.last(), firstMetadata.last(), first.last());
        std::fflush(stdout);
    }
    if (kcat.contains(-1) || first.contains(-1) || firstMetadata.contains(-1)) return 1;
    f.kcat = median(kcat);
    f.first = median(first);
    f.firstMetadata = median(firstMetadata);

    // 2. One session polling offsets back to back; 3. the models fed as the app does (rows built and
    // diffed off the GUI thread, applied on it); 4. memory of all that.
    const double rssBefore = residentMegabytes();
    const double heapBefore = heapInUseMegabytes();
    TopicsModel topics;
    ConsumerGroupsModel groups;
    PartitionsModel partitions;
    partitions.setTopic(QString::fromStdString(ScaleLayout::topicName(0)));
    SessionOptions options;
    options.metadataInterval = std::chrono::minutes(10);
    options.offsetsInterval = std::chrono::milliseconds(100);
    auto session = std::make_unique<LibrdkafkaSession>(profileFor(bootstrap), SessionSecrets{}, options);
    // Only the newest snapshot is kept, as the app does, so the memory figure is not one of a backlog.
    std::optional<ClusterSnapshot> latest;
    int received = 0;
    QList<qint64> reportAt;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(session.get(), &ClusterSession::snapshotReady, [&](const ClusterSnapshot& s) {
        if (s.metadataOnly) return;  // these figures are about full snapshots and their refreshes
        latest = s;
        ++received;
    });
    QObject::connect(session.get(), &ClusterSession::lagReportReady,
                     [&](const LagReport&) { reportAt.append(clock.nsecsElapsed()); });
    session->start();
    const int wanted = 6;
    std::optional<ClusterSnapshot> previous;
    QList<double> applyTimes;
    int applied = 0;
    // Between polls, a producer and commits move some partitions and groups, so refreshes change rows.
    auto moveSomething = [&](int round) {
        std::vector<tideline::populate::PartitionRecords> records;
        for (int t = 0; t < 20; ++t)
            records.push_back({ScaleLayout::topicName((t * 5 + round) % layout.topicsWithRecords),
                               t % layout.partitions, 1});
        return QtConcurrent::run([bootstrap, records]() -> bool {
            return tideline::populate::produce_records(bootstrap.toStdString(), records);
        });
    };
    QFuture<bool> producing;
    while (applied < wanted) {
        if (!waitFor([&] { return received > applied; }, 120'000)) {
            std::fprintf(stderr, "no snapshot %d\n", applied + 1);
            return 1;
        }
        const ClusterSnapshot snapshot = std::exchange(latest, std::nullopt).value();
        applied = received - 1;
        if (!fullSnapshot(snapshot, layout)) {
            std::fprintf(stderr, "snapshot %d incomplete: %s\n", applied + 1,
                         qPrintable(snapshot.warnings.join("; ")));
            return 1;
        }
        const std::optional<ClusterSnapshot> before = previous;
        auto t = prepareFor<TopicsModel, TopicRow>(
            topics, [=] { return TopicsModel::rowsFrom(snapshot, before ? &*before : nullptr); });
        auto g = prepareFor<ConsumerGroupsModel, ConsumerGroupRow>(
            groups, [=] { return ConsumerGroupsModel::rowsFrom(snapshot, before ? &*before : nullptr); });
        auto p = prepareFor<PartitionsModel, PartitionRow>(partitions, [=, topic = partitions.topic()] {
            return PartitionsModel::rowsFrom(snapshot, topic);
        });
        t.waitForFinished();
        g.waitForFinished();
        p.waitForFinished();
        QElapsedTimer apply;
        apply.start();
        topics.applyUpdate(t.result());
        groups.applyUpdate(g.result());
        partitions.applyUpdate(p.result());
        const double ms = apply.nsecsElapsed() / 1e6;
        if (applied == 0)
            f.applyFirst = ms;
        else
            applyTimes.append(ms);
        previous = snapshot;
        ++applied;
        if (producing.isValid() && !producing.result()) return 1;
        producing = moveSomething(applied);
    }
    if (producing.isValid()) producing.waitForFinished();
    f.memoryTotal = residentMegabytes();
    f.memory = f.memoryTotal - rssBefore;
    f.heap = heapInUseMegabytes() - heapBefore;
    // Offsets polls follow each other after 100 ms: a poll (watermarks of 100k partitions and commits of
    // every group) and its lag report take the gap between two lag reports less that pause.
    waitFor([&] { return reportAt.size() >= wanted; }, 120'000);
    QList<double> gaps;
    for (int i = 2; i < reportAt.size(); ++i) gaps.append((reportAt[i] - reportAt[i - 1]) / 1e6 - 100);
    f.lagRefresh = median(gaps);
    f.lagRefreshMax = gaps.isEmpty() ? -1 : *std::max_element(gaps.begin(), gaps.end());
    f.applyRefresh = median(applyTimes);
    f.applyRefreshMax = *std::max_element(applyTimes.begin(), applyTimes.end());
    session.reset();

    std::printf("\n| figure | measured | target |\n| --- | ---: | --- |\n");
    std::printf("| `kcat -L`, metadata only (ms, median of %d) | %.0f | |\n", runs, f.kcat);
    std::printf(
        "| first snapshot with metadata: brokers, topics, partitions, leaders, ISR; no watermarks or groups "
        "yet (ms, median of %d) | %.0f | |\n",
        runs, f.firstMetadata);
    std::printf("| ratio first metadata snapshot / kcat -L | %.2f | |\n", f.firstMetadata / f.kcat);
    std::printf(
        "| first full snapshot: metadata, every watermark, groups, every commit (ms, median of %d) | %.0f | "
        "|\n",
        runs, f.first);
    std::printf("| ratio first full snapshot / kcat -L | %.2f | <= 1.5 |\n", f.first / f.kcat);
    std::printf(
        "| lag refresh, %d groups: watermarks + commits + lag report (ms, median; max) | %.0f; %.0f | <= "
        "2000 |\n",
        layout.groups, f.lagRefresh, f.lagRefreshMax);
    std::printf(
        "| GUI thread: apply the first snapshot (%d topic + %d group + partition rows) (ms) | %.1f | |\n",
        int(topics.rowCount()), int(groups.rowCount()), f.applyFirst);
    std::printf("| GUI thread: apply one refresh diff (ms, median; max of %d) | %.2f; %.2f | <= 10 |\n",
                int(applyTimes.size()), f.applyRefresh, f.applyRefreshMax);
    std::printf("| memory: session + its snapshots + the three models (MB, RSS growth) | %.1f | <= 150 |\n",
                f.memory);
    std::printf("| the same as heap in use (MB, growth of malloc's live bytes, mallinfo2) | %.1f | |\n",
                f.heap);
    std::printf("| resident memory of this benchmark process then (MB) | %.1f | |\n", f.memoryTotal);
    return 0;
}
