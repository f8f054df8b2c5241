#include "cluster_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

extern char** environ;

namespace tideline::bench {
namespace {

bool port_is_free(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return bound;
}

}  // namespace

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::optional<ProcessSample> sample_process(pid_t pid) {
    ProcessSample sample;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    bool found = false;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            sample.rss_mb = std::stod(line.substr(6)) / 1024.0;  // the file says kB
            found = true;
        }
    }
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // The command name may hold spaces and parentheses: fields are counted after the last ')'.
    const auto close = text.rfind(')');
    if (!found || close == std::string::npos) return std::nullopt;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int index = 3; fields >> field; ++index) {
        if (index == 14 || index == 15) ticks += std::stod(field);  // utime, stime
        if (index == 15) break;
    }
    sample.cpu_seconds = ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
    // CPU time comes in clock ticks (10 ms), too coarse for an idle process; the number of times
    // its threads were woken up is exact.
    std::error_code ec;
    for (const auto& task :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        std::ifstream task_status(task.path() / "status");
        while (std::getline(task_status, line)) {
            if (line.rfind("voluntary_ctxt_switches:", 0) == 0 ||
                line.rfind("nonvoluntary_ctxt_switches:", 0) == 0)
                sample.context_switches += std::stoll(line.substr(line.find(':') + 1));
        }
    }
    return sample;
}

int find_free_port_range(int count) {
    std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<int> base(20000, 60000);
    for (int attempt = 0; attempt < 200; ++attempt) {
        const int first = base(random);
        bool free = true;
        for (int i = 0; i < count && free; ++i) free = port_is_free(first + i);
        if (free) return first;
    }
    return 0;
}

ClusterProcess::ClusterProcess(Kind kind, std::string program) : kind_(kind), program_(std::move(program)) {}

ClusterProcess::~ClusterProcess() {
    if (pid_ > 0) kill_hard();
}

bool ClusterProcess::launch(const std::string& data_dir) {
    if (kind_ == Kind::Tideline && first_port_ == 0) {
        first_port_ = find_free_port_range(4);
        if (first_port_ == 0) return false;
        control_port_ = first_port_ + 3;
        bootstrap_.clear();
        for (int i = 0; i < 3; ++i)
            bootstrap_ += (i ? ",127.0.0.1:" : "127.0.0.1:") + std::to_string(first_port_ + i);
    }
    std::vector<std::string> args;
    std::string log_file = "/dev/null";
    if (kind_ == Kind::Tideline) {
        args = {program_,
                "--brokers",
                "3",
                "--data-dir",
                data_dir,
                "--host",
                "127.0.0.1",
                "--port",
                std::to_string(first_port_),
                "--control-port",
                std::to_string(control_port_)};
        log_file = data_dir + ".log";
    } else {
        args = {program_, "--serve-mock"};
    }
    int out_pipe[2];
    int in_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) return false;
    if (::pipe2(in_pipe, O_CLOEXEC) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    launched_at_ = Clock::now();
    const int failed = ::posix_spawn(&pid_, program_.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(in_pipe[0]);
    stdout_fd_ = out_pipe[0];
    stdin_fd_ = in_pipe[1];
    pending_.clear();
    ready_ = false;
    if (failed) {
        pid_ = -1;
        return false;
    }
    return true;
}

bool ClusterProcess::read_line(std::string& line, Clock::time_point deadline) {
    for (;;) {
        if (const auto end = pending_.find('\n'); end != std::string::npos) {
            line = pending_.substr(0, end);
            pending_.erase(0, end + 1);
            return true;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd poller{stdout_fd_, POLLIN, 0};
        if (::poll(&poller, 1, static_cast<int>(left.count())) <= 0) continue;
        char buffer[4096];
        const auto n = ::read(stdout_fd_, buffer, sizeof buffer);
        if (n <= 0) return false;
        pending_.append(buffer, static_cast<std::size_t>(n));
    }
}

bool ClusterProcess::wait_ready(std::chrono::milliseconds timeout) {
    if (ready_) return true;
    const auto deadline = Clock::now() + timeout;
    std::string line;
    while (read_line(line, deadline)) {
        if (kind_ == Kind::Tideline && line == "cluster ready") return ready_ = true;
        if (kind_ == Kind::Mock && line.rfind("ready ", 0) == 0) {
            bootstrap_ = line.substr(6);
            const auto colon = bootstrap_.find(':');
            first_port_ = std::stoi(bootstrap_.substr(colon + 1));
            return ready_ = true;
        }
    }
    return false;
}

bool ClusterProcess::create_mock_topic(const std::string& name, int partitions, int replication_factor) {
    const std::string command =
        "topic " + name + " " + std::to_string(partitions) + " " + std::to_string(replication_factor) + "\n";
    if (::write(stdin_fd_, command.data(), command.size()) != static_cast<ssize_t>(command.size()))
        return false;
    std::string line;
    return read_line(line, Clock::now() + std::chrono::seconds(10)) && line == "ok";
}

bool ClusterProcess::wait_exit(std::chrono::milliseconds timeout, int& status) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

bool ClusterProcess::stop() {
    if (pid_ <= 0) return false;
    int status = 0;
    ::kill(pid_, SIGTERM);
    bool exited = wait_exit(std::chrono::seconds(60), status);
    if (!exited) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    ::close(stdout_fd_);
    ::close(stdin_fd_);
    return exited && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void ClusterProcess::kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    ::close(stdout_fd_);
    ::close(stdin_fd_);
}

}  // namespace tideline::bench
