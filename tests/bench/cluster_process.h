// The two clusters the benchmark compares, each as a child process on loopback: tideline-broker, and
// librdkafka's mock cluster served by this same executable (`--serve-mock`), so that start-up,
// memory and CPU are measured the same way for both.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tideline::bench {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start);

// Resident memory (VmRSS), CPU time (utime + stime) and context switches of a process, from /proc.
struct ProcessSample {
    double rss_mb = 0;
    double cpu_seconds = 0;
    long long context_switches = 0;  // voluntary and involuntary, summed over the threads
};
std::optional<ProcessSample> sample_process(pid_t pid);

// `count` consecutive loopback ports that were free a moment ago; 0 when none were found.
int find_free_port_range(int count);

class ClusterProcess {
public:
    enum class Kind { Tideline, Mock };

    ClusterProcess(Kind kind, std::string program);
    ~ClusterProcess();
    ClusterProcess(const ClusterProcess&) = delete;
    ClusterProcess& operator=(const ClusterProcess&) = delete;

    // Launches the cluster and returns at once (the spawn time is the start of a cold-start figure).
    // Tideline brokers get fresh free ports the first time and the same ones on later launches.
    bool launch(const std::string& data_dir);
    // Reads the child's stdout until it says it is ready (tideline: "cluster ready"; mock: its
    // bootstrap list), at once when it said so already. False on timeout or exit.
    bool wait_ready(std::chrono::milliseconds timeout);
    // Clean stop (SIGTERM, then SIGKILL after a grace period). True for exit code 0.
    bool stop();
    void kill_hard();  // SIGKILL, as a crash would

    // The mock has no CreateTopics API; its topics are made in-process on request over stdin.
    bool create_mock_topic(const std::string& name, int partitions, int replication_factor);

    pid_t pid() const { return pid_; }
    int first_port() const { return first_port_; }
    const std::string& bootstrap() const { return bootstrap_; }
    Clock::time_point launched_at() const { return launched_at_; }

private:
    bool read_line(std::string& line, Clock::time_point deadline);
    bool wait_exit(std::chrono::milliseconds timeout, int& status);

    Kind kind_;
    std::string program_;
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    int stdin_fd_ = -1;
    std::string pending_;
    bool ready_ = false;
    int first_port_ = 0;
    int control_port_ = 0;
    std::string bootstrap_;
    Clock::time_point launched_at_{};
};

}  // namespace tideline::bench
