// Prints how the table models and their proxies cope with 100,000 rows: time to apply a first
// snapshot and a refresh, to filter and to sort, and the memory the rows take. A benchmark, not a
// test: it reports figures (see docs/performance.md) and fails only if a result is wrong.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QtConcurrent>
#include <cstdio>

#include "model/models/partitions_model.h"
#include "model/models/table_proxies.h"
#include "model/models/topics_model.h"
#include "model/snapshot_facts.h"

using namespace tideline::model;

namespace {

// Resident memory of this process, from /proc (Linux).
double residentMegabytes() {
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').at(0).toDouble() / 1024.0;
        }
    }
    return -1;
}

PartitionInfo partitionAt(qint32 id, qint64 high) {
    PartitionInfo partition;
    partition.id = id;
    partition.leader = 1 + id % 3;
    partition.replicas = {partition.leader, 1 + (id + 1) % 3, 1 + (id + 2) % 3};
    partition.isr = id % 97 == 0 ? QList<qint32>{partition.leader} : partition.replicas;
    partition.lowWatermark = 0;
    partition.highWatermark = high;
    return partition;
}

// `topics` topics of `partitionsEach` partitions; every `step`-th partition's high watermark moved by `bump`.
ClusterSnapshot makeSnapshot(int topics, int partitionsEach, qint64 takenAtMs, int step, qint64 bump) {
    ClusterSnapshot snapshot;
    snapshot.clusterId = "bench";
    snapshot.takenAt = QDateTime::fromMSecsSinceEpoch(takenAtMs, Qt::UTC);
    snapshot.topics.reserve(topics);
    int counter = 0;
    for (int t = 0; t < topics; ++t) {
        TopicInfo topic;
        topic.name = QString("team-%1.events-%2").arg(t % 50, 2, 10, QChar('0')).arg(t, 6, 10, QChar('0'));
        topic.internal = t < 2;
        topic.partitions.reserve(partitionsEach);
        for (int p = 0; p < partitionsEach; ++p, ++counter) {
            topic.partitions.append(partitionAt(p, 1000 + p + (counter % step == 0 ? bump : 0)));
        }
        snapshot.topics.append(topic);
    }
    sortSnapshot(snapshot);
    return snapshot;
}

template <typename Work>
double timeMs(Work work) {
    QElapsedTimer timer;
    timer.start();
    work();
    return double(timer.nsecsElapsed()) / 1e6;
}

bool failed = false;
void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "WRONG RESULT: %s\n", what);
        failed = true;
    }
}

void benchTopics(int topics, int partitionsEach) {
    std::printf("\nTopicsModel: %d topics x %d partitions = %d partitions\n", topics, partitionsEach,
                topics * partitionsEach);
    const double before = residentMegabytes();
    const ClusterSnapshot first = makeSnapshot(topics, partitionsEach, 1'700'000'000'000, 1, 0);
    const double withSnapshot = residentMegabytes();
    // A refresh 2 s later in which 1 partition in 100 received records.
    const ClusterSnapshot second = makeSnapshot(topics, partitionsEach, 1'700'000'002'000, 100, 5);
    const double withBoth = residentMegabytes();
    TopicsModel model;
    TopicsProxy proxy(&model);
    proxy.sort(TopicsModel::NameColumn);
    const double firstMs = timeMs([&] { model.applySnapshot(first); });
    check(proxy.rowCount() == topics, "every topic shown");
    const double afterFirst = residentMegabytes();

    // The session way: rows built and diffed on a worker thread, only the update applied on the GUI thread.
    const QList<TopicRow> rows = model.rows();
    const quint64 revision = model.revision();
    double prepareMs = 0;
    RowsUpdate<TopicRow> update;
    prepareMs = timeMs([&] {
        update = QtConcurrent::run([&] {
                     return prepareRowsUpdate(rows, revision, TopicsModel::rowsFrom(second, &first));
                 }).result();
    });
    const double applyMs = timeMs([&] { model.applyUpdate(std::move(update)); });
    check(model.rows().at(0).produceRate.has_value(), "rates known after the refresh");

    const double textMs = timeMs([&] { proxy.setTextFilter("events-0042"); });
    const int textRows = proxy.rowCount();
    check(textRows > 0 && textRows < topics, "text filter keeps some rows");
    const double regexMs =
        timeMs([&] { check(proxy.setRegexFilter("^team-0[0-4]\\..*3$").isEmpty(), "regex"); });
    const int regexRows = proxy.rowCount();
    const double clearMs = timeMs([&] { proxy.setTextFilter({}); });
    const double internalMs = timeMs([&] { proxy.setHideInternal(true); });
    check(proxy.rowCount() == topics - 2, "internal topics hidden");
    const double sortMs = timeMs([&] { proxy.sort(TopicsModel::MessagesColumn, Qt::DescendingOrder); });
    // The same refresh again, now through a proxy sorted by a changing figure.
    RowsUpdate<TopicRow> back =
        prepareRowsUpdate(model.rows(), model.revision(), TopicsModel::rowsFrom(first, &second));
    const double sortedRefreshMs = timeMs([&] { model.applyUpdate(std::move(back)); });

    std::printf("  first snapshot applied (rows built + diffed + inserted): %8.1f ms\n", firstMs);
    std::printf("  refresh, 1%% changed: prepared off the GUI thread      %8.1f ms\n", prepareMs);
    std::printf("                       applied on the GUI thread         %8.1f ms\n", applyMs);
    std::printf("  text filter   (%6d rows left):                        %8.1f ms\n", textRows, textMs);
    std::printf("  regex filter  (%6d rows left):                        %8.1f ms\n", regexRows, regexMs);
    std::printf("  clear filter:                                          %8.1f ms\n", clearMs);
    std::printf("  hide internal:                                         %8.1f ms\n", internalMs);
    std::printf("  sort by messages:                                      %8.1f ms\n", sortMs);
    std::printf("  refresh applied on the GUI thread, proxy sorted by messages: %6.1f ms\n", sortedRefreshMs);
    std::printf("  memory: one snapshot                                   %8.1f MB\n", withSnapshot - before);
    std::printf("  memory: model rows + proxy (first snapshot applied)    %8.1f MB\n", afterFirst - withBoth);
}

void benchPartitions(int partitions) {
    std::printf("\nPartitionsModel: one topic of %d partitions\n", partitions);
    const double before = residentMegabytes();
    const ClusterSnapshot first = makeSnapshot(1, partitions, 1'700'000'000'000, 1, 0);
    const double withSnapshot = residentMegabytes();
    const ClusterSnapshot second = makeSnapshot(1, partitions, 1'700'000'002'000, 100, 5);
    const QString name = first.topics.at(0).name;
    const double withBoth = residentMegabytes();
    PartitionsModel model;
    PartitionsProxy proxy(&model);
    proxy.sort(PartitionsModel::PartitionColumn);
    model.setTopic(name);
    const double firstMs = timeMs([&] { model.applySnapshot(first); });
    check(proxy.rowCount() == partitions, "every partition shown");
    const double afterFirst = residentMegabytes();
    const double refreshMs = timeMs([&] { model.applySnapshot(second); });
    // The GUI's way (applySnapshotInBackground): prepared on the pool, only the update applied here.
    const QList<PartitionRow> rows = model.rows();
    const quint64 revision = model.revision();
    RowsUpdate<PartitionRow> update;
    const double prepareMs = timeMs([&] {
        update = QtConcurrent::run([&] {
                     return prepareRowsUpdate(rows, revision, PartitionsModel::rowsFrom(first, name));
                 }).result();
    });
    check(!update.diff.changed.isEmpty(), "changed partitions found by the background diff");
    const double applyMs = timeMs([&] { model.applyUpdate(std::move(update)); });
    const double problemsMs = timeMs([&] { proxy.setProblemsOnly(true); });
    const int problems = proxy.rowCount();
    check(problems == (partitions + 96) / 97, "under-replicated partitions found");
    proxy.setProblemsOnly(false);
    const double sortMs =
        timeMs([&] { proxy.sort(PartitionsModel::HighWatermarkColumn, Qt::DescendingOrder); });
    const double textMs = timeMs([&] { proxy.setTextFilter("777"); });
    std::printf("  first snapshot applied:                                %8.1f ms\n", firstMs);
    std::printf("  refresh, 1%% changed (diffed on the GUI thread):        %8.1f ms\n", refreshMs);
    std::printf("  refresh, 1%% changed: prepared off the GUI thread      %8.1f ms\n", prepareMs);
    std::printf("                       applied on the GUI thread         %8.1f ms\n", applyMs);
    std::printf("  problems only (%6d rows left):                        %8.1f ms\n", problems, problemsMs);
    std::printf("  sort by high watermark (all rows):                     %8.1f ms\n", sortMs);
    std::printf("  text filter (%6d rows left):                          %8.1f ms\n", proxy.rowCount(),
                textMs);
    std::printf("  memory: one snapshot                                   %8.1f MB\n", withSnapshot - before);
    std::printf("  memory: model rows + proxy (first snapshot applied)    %8.1f MB\n", afterFirst - withBoth);
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QString only = argc > 1 ? QString::fromLatin1(argv[1]) : QString();
    if (only.isEmpty()) {
        std::printf(
            "Tideline model benchmark (Qt %s). Each case runs in a process of its own, so that its\n"
            "memory figures (resident-set growth) are not hidden by pages an earlier case freed.\n",
            qVersion());
        std::fflush(stdout);
        bool allOk = true;
        for (const char* name : {"topics-10k-x10", "topics-100k", "partitions-100k"}) {
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedChannels);
            child.start(QCoreApplication::applicationFilePath(), {QString::fromLatin1(name)});
            allOk = child.waitForFinished(-1) && child.exitCode() == 0 && allOk;
        }
        return allOk ? 0 : 1;
    }
    if (only == "topics-10k-x10") {
        benchTopics(10'000, 10);
    } else if (only == "topics-100k") {
        benchTopics(100'000, 1);
    } else if (only == "partitions-100k") {
        benchPartitions(100'000);
    } else {
        std::fprintf(stderr, "unknown case %s\n", qPrintable(only));
        return 2;
    }
    return failed ? 1 : 0;
}
