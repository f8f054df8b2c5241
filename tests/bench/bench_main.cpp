// tideline-bench: runs every broker figure of docs/performance.md against a fresh tideline-broker
// (3 brokers, data on disk under /tmp) and against librdkafka's mock cluster (3 brokers, in memory),
// and prints both with their ratio. `--quick` scales everything down for the smoke test.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cluster_process.h"
#include "kafka_client_bench.h"
#include "kafka_populate.h"
#include "metadata_probe.h"
#include "mock_server.h"

namespace tideline::bench {
namespace {

struct Options {
    bool quick = false;
    bool keep = false;
    std::string broker = TIDELINE_BROKER_PATH;
    std::filesystem::path work_dir = "/tmp";
    double produce_mb = 1000;  // 1 KiB acks=1 RF=1; the other runs are scaled from it
    double recover_mb = 1000;
    double latency_seconds = 10;
    double idle_seconds = 10;
    int topics = 10000;
    int topic_partitions = 10;
    bool mock = true;
    // --only: the cases to run (produce-1k, produce-rf3, produce-100b, latency, idle, topics,
    // recover); all when empty. Cold start on an empty data dir is always taken.
    std::set<std::string> only;
    bool runs(const std::string& name) const { return only.empty() || only.count(name) > 0; }
};

// The mock makes a topic in-process in about 70 ms (rd_kafka_mock_topic_create waits for its thread),
// so 10,000 would take many minutes; above this count its topic figures are left out.
constexpr int kMockTopicLimit = 1000;

struct Figure {
    std::string name;
    std::string target;
    std::optional<double> tideline;
    std::optional<double> mock;
    bool mock_applies = true;
    bool skipped = false;  // left out by --only
};

enum Index {
    kProduce1k,
    kProduceRf3,
    kProduce100,
    kLatencyP50,
    kLatencyP99,
    kColdEmpty,
    kColdRecoverClean,
    kColdRecoverKill,
    kIdleRss,
    kIdleCpu,
    kIdleWakeups,
    kTopicsCreate,
    kTopicsMetadata,
    kFigureCount
};

std::vector<Figure> make_figures(const Options& options) {
    const auto topics =
        std::to_string(options.topics) + " topics x " + std::to_string(options.topic_partitions);
    const auto recover = std::to_string(static_cast<int>(options.recover_mb)) + " MB";
    return {
        {"produce 1 KiB, acks=1, RF=1 (MB/s)", ">= 300", {}, {}, true},
        {"produce 1 KiB, acks=all, RF=3 (MB/s)", ">= 120", {}, {}, true},
        {"produce 100 B, acks=1, RF=1 (MB/s)", ">= 150", {}, {}, true},
        {"latency 2k rec/s, acks=all, RF=3, p50 (ms)", "", {}, {}, true},
        {"latency 2k rec/s, acks=all, RF=3, p99 (ms)", "<= 5", {}, {}, true},
        {"cold start, empty, to 1st Metadata (ms)", "<= 50", {}, {}, true},
        {"cold start, " + recover + ", clean stop (ms)", "<= 200", {}, {}, false},
        {"cold start, " + recover + ", after kill -9 (ms)", "", {}, {}, false},
        {"idle RSS, 3 brokers (MB)", "<= 50", {}, {}, true},
        {"idle CPU over " + std::to_string(static_cast<int>(options.idle_seconds)) + " s (% of a core)",
         "~0",
         {},
         {},
         true},
        {"idle wake-ups of all threads (per s)", "", {}, {}, true},
        {"create " + topics + " partitions, RF=1 (s)", "<= 10", {}, {}, options.topics <= kMockTopicLimit},
        {"Metadata for all " + topics + " (ms)", "<= 200", {}, {}, options.topics <= kMockTopicLimit},
    };
}

void note(const char* format, const std::string& what) {
    std::fprintf(stderr, format, what.c_str());
    std::fflush(stderr);
}

class Suite {
public:
    Suite(const Options& options, std::vector<Figure>& figures, ClusterProcess::Kind kind,
          std::string program)
        : options_(options), figures_(figures), kind_(kind), program_(std::move(program)) {}

    void run() {
        ClusterProcess cluster(kind_, program_);
        const auto dir = fresh_dir("main");
        if (!cluster.launch(dir.string())) return note("%s: cannot launch\n", name());
        measure_cold_start(cluster, kColdEmpty);
        if (!cluster.wait_ready(std::chrono::seconds(30))) return note("%s: never ready\n", name());
        if (options_.runs("idle")) measure_idle(cluster);
        measure_produce(cluster);
        if (options_.runs("topics")) measure_topics(cluster);
        const bool clean = cluster.stop();
        if (kind_ == ClusterProcess::Kind::Tideline && !clean)
            note("%s: unclean exit after the main run\n", name());
        if (kind_ == ClusterProcess::Kind::Tideline && options_.runs("recover")) measure_recovery();
        if (!options_.keep) remove_dir(dir);
    }

private:
    const std::string& name() const {
        static const std::string tideline = "tideline-broker", mock = "mock cluster";
        return kind_ == ClusterProcess::Kind::Tideline ? tideline : mock;
    }
    void set(Index index, std::optional<double> value) {
        auto& figure = figures_[index];
        (kind_ == ClusterProcess::Kind::Tideline ? figure.tideline : figure.mock) = value;
        if (value)
            std::fprintf(stderr, "  %-16s %-50s %10.2f\n", name().c_str(), figure.name.c_str(), *value);
    }
    std::filesystem::path fresh_dir(const std::string& what) const {
        auto dir = options_.work_dir / ("tideline-bench-" + std::to_string(::getpid()) + "-" + what);
        remove_dir(dir);
        return dir;
    }
    static void remove_dir(const std::filesystem::path& dir) {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
        std::filesystem::remove(dir.string() + ".log", ec);
    }

    void measure_cold_start(ClusterProcess& cluster, Index index) {
        // The mock's ports are only known once it prints them; tideline's are chosen beforehand, so
        // its figure starts polling the port right after the spawn.
        if (kind_ == ClusterProcess::Kind::Mock && !cluster.wait_ready(std::chrono::seconds(30))) return;
        const auto answer = probe_metadata(cluster.first_port(), std::chrono::seconds(60));
        if (answer) set(index, ms_since(cluster.launched_at()));
    }

    void measure_idle(ClusterProcess& cluster) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        const auto before = sample_process(cluster.pid());
        std::this_thread::sleep_for(std::chrono::duration<double>(options_.idle_seconds));
        const auto after = sample_process(cluster.pid());
        if (!before || !after) return;
        set(kIdleRss, after->rss_mb);
        set(kIdleCpu, 100.0 * (after->cpu_seconds - before->cpu_seconds) / options_.idle_seconds);
        set(kIdleWakeups,
            static_cast<double>(after->context_switches - before->context_switches) / options_.idle_seconds);
    }

    bool make_topic(ClusterProcess& cluster, const std::string& topic, int partitions, int rf) {
        if (kind_ == ClusterProcess::Kind::Mock) return cluster.create_mock_topic(topic, partitions, rf);
        return populate::create_topics(cluster.bootstrap(), {topic}, partitions, rf);
    }

    void measure_produce(ClusterProcess& cluster) {
        const auto mb = [](double value) { return static_cast<std::uint64_t>(value * 1e6); };
        struct Run {
            Index index;
            std::string name;  // for --only
            std::string topic;
            int rf;
            std::size_t size;
            const char* acks;
            double share;  // of --produce-mb
        };
        const Run runs[] = {{kProduce1k, "produce-1k", "bench-1k", 1, 1024, "1", 1.0},
                            {kProduceRf3, "produce-rf3", "bench-rf3", 3, 1024, "all", 0.4},
                            {kProduce100, "produce-100b", "bench-100b", 1, 100, "1", 0.3}};
        for (const auto& run : runs) {
            if (!options_.runs(run.name)) continue;
            if (!make_topic(cluster, run.topic, 6, run.rf)) {
                note("%s: cannot create the produce topic\n", name());
                continue;
            }
            const auto result = produce_throughput(
                {cluster.bootstrap(), run.topic, run.size, mb(options_.produce_mb * run.share), run.acks});
            if (result) set(run.index, result->mb_per_s);
        }
        if (!options_.runs("latency") || !make_topic(cluster, "bench-latency", 3, 3)) return;
        const auto latency = produce_latency({cluster.bootstrap(), "bench-latency", 1024, 0, "all"}, 2000,
                                             options_.latency_seconds);
        if (latency) {
            set(kLatencyP50, latency->p50_ms);
            set(kLatencyP99, latency->p99_ms);
        }
    }

    void measure_topics(ClusterProcess& cluster) {
        if (kind_ == ClusterProcess::Kind::Mock && options_.topics > kMockTopicLimit) return;
        std::vector<std::string> names;
        for (int i = 0; i < options_.topics; ++i) names.push_back("many-" + std::to_string(i));
        const auto start = Clock::now();
        bool created = true;
        if (kind_ == ClusterProcess::Kind::Mock) {
            for (const auto& topic : names)
                if (!(created = cluster.create_mock_topic(topic, options_.topic_partitions, 1))) break;
        } else {
            created = populate::create_topics(cluster.bootstrap(), names, options_.topic_partitions, 1);
        }
        if (!created) return note("%s: creating the topics failed\n", name());
        set(kTopicsCreate, ms_since(start) / 1000.0);
        const auto asked = Clock::now();
        const auto answer = probe_metadata(cluster.first_port(), std::chrono::seconds(60));
        const double elapsed = ms_since(asked);
        if (!answer || answer->topics < options_.topics) return note("%s: Metadata lacks topics\n", name());
        std::fprintf(stderr, "  %-16s Metadata answer: %d topics, %lld partitions, %zu bytes\n",
                     name().c_str(), answer->topics, static_cast<long long>(answer->partitions),
                     answer->bytes);
        set(kTopicsMetadata, elapsed);
    }

    // Fills a fresh data dir with --recover-mb of records, then times restarts on it: after a clean
    // stop, and after kill -9 (every active segment is checked again).
    void measure_recovery() {
        ClusterProcess cluster(kind_, program_);
        const auto dir = fresh_dir("recover");
        if (!cluster.launch(dir.string()) || !cluster.wait_ready(std::chrono::seconds(30))) return;
        if (!make_topic(cluster, "recover", 6, 1)) return;
        const auto filled = produce_throughput({cluster.bootstrap(), "recover", 1024,
                                                static_cast<std::uint64_t>(options_.recover_mb * 1e6), "1"});
        if (!filled || !cluster.stop()) return note("%s: filling the recovery data dir failed\n", name());
        if (!cluster.launch(dir.string())) return;
        measure_cold_start(cluster, kColdRecoverClean);
        if (!cluster.wait_ready(std::chrono::seconds(60))) return;
        cluster.kill_hard();
        if (!cluster.launch(dir.string())) return;
        measure_cold_start(cluster, kColdRecoverKill);
        cluster.wait_ready(std::chrono::seconds(60));
        cluster.stop();
        if (!options_.keep) remove_dir(dir);
    }

    const Options& options_;
    std::vector<Figure>& figures_;
    ClusterProcess::Kind kind_;
    std::string program_;
};

std::string cell(const std::optional<double>& value, bool applies) {
    if (!applies) return "n/a";
    if (!value) return "FAILED";
    char text[32];
    std::snprintf(text, sizeof text, std::fabs(*value) < 10 ? "%.2f" : "%.1f", *value);
    return text;
}

int print_table(const Options& options, const std::vector<Figure>& figures) {
    std::printf("%-52s %12s %12s %8s  %s\n", "figure", "tideline", "mock", "ratio", "target (tideline)");
    int missing = 0;
    for (const auto& figure : figures) {
        if (figure.skipped) continue;
        std::string ratio = "-";
        if (figure.tideline && figure.mock && *figure.mock != 0) {
            char text[32];
            std::snprintf(text, sizeof text, "%.2f", *figure.tideline / *figure.mock);
            ratio = text;
        }
        if (!figure.tideline) ++missing;
        if (options.mock && figure.mock_applies && !figure.mock) ++missing;
        std::printf("%-52s %12s %12s %8s  %s\n", figure.name.c_str(), cell(figure.tideline, true).c_str(),
                    cell(figure.mock, options.mock && figure.mock_applies).c_str(), ratio.c_str(),
                    figure.target.c_str());
    }
    std::printf(
        "ratio = tideline / mock. The mock keeps records in memory and has no CreateTopics: its topics are\n"
        "made in-process, about 70 ms each, so beyond %d topics its topic figures are n/a.\n",
        kMockTopicLimit);
    if (missing) {
        std::printf("%d figure(s) could not be measured\n", missing);
        return 1;
    }
    std::printf("all figures measured\n");
    return 0;
}

bool parse(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (arg == "--quick") {
            options.quick = true;
            options.produce_mb = 40;
            options.recover_mb = 40;
            options.latency_seconds = 1;
            options.idle_seconds = 1;
            options.topics = 200;
        } else if (arg == "--only") {
            std::string list = value() + ",";
            for (std::size_t at = 0, comma; (comma = list.find(',', at)) != std::string::npos; at = comma + 1)
                if (comma > at) options.only.insert(list.substr(at, comma - at));
            for (const auto& name : options.only) {
                static const std::set<std::string> known = {
                    "produce-1k", "produce-rf3", "produce-100b", "latency", "idle", "topics", "recover"};
                if (!known.count(name)) {
                    std::fprintf(stderr, "tideline-bench: unknown case %s\n", name.c_str());
                    return false;
                }
            }
        } else if (arg == "--idle-seconds") {
            options.idle_seconds = std::stod(value());
        } else if (arg == "--keep") {
            options.keep = true;
        } else if (arg == "--no-mock") {
            options.mock = false;
        } else if (arg == "--broker") {
            options.broker = value();
        } else if (arg == "--work-dir") {
            options.work_dir = value();
        } else if (arg == "--produce-mb") {
            options.produce_mb = std::stod(value());
        } else if (arg == "--recover-mb") {
            options.recover_mb = std::stod(value());
        } else if (arg == "--latency-seconds") {
            options.latency_seconds = std::stod(value());
        } else if (arg == "--topics") {
            options.topics = std::stoi(value());
        } else {
            std::fprintf(
                stderr,
                "usage: tideline-bench [--quick] [--no-mock] [--keep] [--broker PATH] [--work-dir DIR]\n"
                "       [--produce-mb MB] [--recover-mb MB] [--latency-seconds S] [--idle-seconds S]\n"
                "       [--topics N] [--only "
                "produce-1k,produce-rf3,produce-100b,latency,idle,topics,recover]\n");
            return false;
        }
    }
    return true;
}

}  // namespace
}  // namespace tideline::bench

int main(int argc, char** argv) {
    using namespace tideline::bench;
    if (argc == 2 && std::strcmp(argv[1], "--serve-mock") == 0) return serve_mock_cluster();
    Options options;
    try {
        if (!parse(argc, argv, options)) return 2;
    } catch (const std::exception&) {
        std::fprintf(stderr, "tideline-bench: a number was expected\n");
        return 2;
    }
    const auto self = std::filesystem::read_symlink("/proc/self/exe").string();
    auto figures = make_figures(options);
    const std::pair<Index, const char*> cases[] = {
        {kProduce1k, "produce-1k"},    {kProduceRf3, "produce-rf3"}, {kProduce100, "produce-100b"},
        {kLatencyP50, "latency"},      {kLatencyP99, "latency"},     {kColdRecoverClean, "recover"},
        {kColdRecoverKill, "recover"}, {kIdleRss, "idle"},           {kIdleCpu, "idle"},
        {kIdleWakeups, "idle"},        {kTopicsCreate, "topics"},    {kTopicsMetadata, "topics"}};
    for (const auto& [index, name] : cases) figures[index].skipped = !options.runs(name);
    Suite(options, figures, ClusterProcess::Kind::Tideline, options.broker).run();
    if (options.mock) Suite(options, figures, ClusterProcess::Kind::Mock, self).run();
    return print_table(options, figures);
}
