// Command-line options of `tideline-broker`: what local development cluster to run.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tideline::broker {

// $XDG_DATA_HOME/tideline/dev-cluster, else ~/.local/share/tideline/dev-cluster.
std::filesystem::path defaultDataDir();

// A login that the cluster's SASL listeners accept (PLAIN and SCRAM).
struct SaslUser {
    std::string name;
    std::string password;

    bool operator==(const SaslUser&) const = default;
};

struct ClusterOptions {
    static constexpr int kMaxBrokers = 16;

    int brokers = 3;
    std::filesystem::path dataDir = defaultDataDir();
    std::string host = "127.0.0.1";
    // Broker i (counting from 0) listens on port + i, so the whole range must be free and valid.
    int port = 19092;
    int controlPort = 19644;
    // Broker configuration overrides from `--set name=value`, applied to every broker.
    std::map<std::string, std::string> settings;
    std::vector<SaslUser> saslUsers;

    bool operator==(const ClusterOptions&) const = default;
};

// Checks what single options can't: the Kafka port range and how it meets the control port.
// Returns an empty string when the options are usable, else a message for the user.
std::string validateClusterOptions(const ClusterOptions& options);

// Registers every option on `app`, writing parsed values into `options`, which must outlive `app`.
// Rejections surface as CLI::ParseError from app.parse(), so CLI11_PARSE reports them.
void describeClusterOptions(CLI::App& app, ClusterOptions& options);

struct ClusterOptionsParse {
    std::optional<ClusterOptions> options;
    std::string error;  // set when options is empty
};

// Parses arguments (without the program name) exactly as `tideline-broker` does.
ClusterOptionsParse parseClusterOptions(const std::vector<std::string>& args);

}  // namespace tideline::broker
