#include "broker/core/cluster_options.h"

#include "broker/core/broker_config.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <utility>

namespace tideline::broker {
namespace {

constexpr int kMaxPort = 65535;

bool isConfigNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

// Kafka config values may legitimately be empty (e.g. ssl.endpoint.identification.algorithm=),
// so only the name is constrained.
std::string checkSetting(const std::string& item) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
        return "expected name=value, got '" + item + "'";
    }
    const auto name = item.substr(0, eq);
    if (!std::all_of(name.begin(), name.end(), isConfigNameChar)) {
        return "config name '" + name + "' may only hold letters, digits, '.', '_' and '-'";
    }
    return {};
}

// The password may contain ':', so only the first one separates it from the name.
std::string checkSaslUser(const std::string& item) {
    const auto colon = item.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == item.size()) {
        return "expected name:password with both parts non-empty, got '" + item + "'";
    }
    return {};
}

std::pair<std::string, std::string> splitAt(const std::string& item, char separator) {
    const auto at = item.find(separator);
    return {item.substr(0, at), item.substr(at + 1)};
}

// What `--help` says beyond the options: the settings `--set` acts on with their defaults, the
// control API and the exit codes, so that the binary documents itself without the docs at hand.
std::string helpFooter() {
    std::string text = "Settings for --set (Kafka's names; default with 3 brokers):\n";
    const BrokerConfig defaults = BrokerConfig::with_defaults(3);
    for (const auto& [name, value] : defaults.all()) {
        text += "  " + name + std::string(name.size() < 34 ? 34 - name.size() : 1, ' ') + value + "\n";
    }
    text +=
        "  default.replication.factor is min(3, --brokers). Other Kafka names are accepted (scripts\n"
        "  written for a real cluster pass them) but not acted on.\n"
        "\n"
        "Control API (HTTP on 127.0.0.1:--control-port, header 'Authorization: Bearer TOKEN',\n"
        "TOKEN from DATA-DIR/control.token):\n"
        "  GET  /v1/cluster             cluster id, controller, brokers with state and counters\n"
        "  POST /v1/brokers/ID/stop     take one broker down as if its machine failed\n"
        "  POST /v1/brokers/ID/start    bring it back; it catches up and rejoins the ISR\n"
        "  POST /v1/shutdown            clean shutdown of the whole process\n"
        "\n"
        "Prints 'broker I ready at HOST:PORT' per broker, then 'cluster ready'; logs go to stderr\n"
        "(SPDLOG_LEVEL=debug for more). Exit codes: 0 clean shutdown (SIGINT, SIGTERM, /v1/shutdown),\n"
        "1 start failed, 2 bad options, 3 data dir used by another instance, 4 port in use.\n"
        "Full documentation: docs/broker.md, man tideline-broker.\n";
    return text;
}

}  // namespace

std::filesystem::path defaultDataDir() {
    const std::filesystem::path suffix = std::filesystem::path("tideline") / "dev-cluster";
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && xdg[0] == '/') {
        return std::filesystem::path(xdg) / suffix;
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
        return std::filesystem::path(home) / ".local" / "share" / suffix;
    }
    return suffix;
}

std::string validateClusterOptions(const ClusterOptions& options) {
    if (options.brokers < 1 || options.brokers > ClusterOptions::kMaxBrokers) {
        return "--brokers must be between 1 and " + std::to_string(ClusterOptions::kMaxBrokers);
    }
    if (options.port < 1 || options.port > kMaxPort || options.controlPort < 1 ||
        options.controlPort > kMaxPort) {
        return "ports must be between 1 and " + std::to_string(kMaxPort);
    }
    const int lastPort = options.port + options.brokers - 1;
    if (lastPort > kMaxPort) {
        return "--port " + std::to_string(options.port) + " leaves no room for " +
               std::to_string(options.brokers) + " brokers (last port would be " + std::to_string(lastPort) +
               ")";
    }
    if (options.controlPort >= options.port && options.controlPort <= lastPort) {
        return "--control-port " + std::to_string(options.controlPort) + " collides with the broker ports " +
               std::to_string(options.port) + "-" + std::to_string(lastPort);
    }
    if (options.host.empty()) {
        return "--host must not be empty";
    }
    if (options.dataDir.empty()) {
        return "--data-dir must not be empty";
    }
    return {};
}

void describeClusterOptions(CLI::App& app, ClusterOptions& options) {
    app.add_option("-n,--brokers", options.brokers, "Number of brokers in the cluster")
        ->check(CLI::Range(1, ClusterOptions::kMaxBrokers))
        ->capture_default_str();
    app.add_option("--data-dir", options.dataDir, "Directory holding the cluster's logs and metadata")
        ->capture_default_str();
    app.add_option("--host", options.host, "Address the brokers listen on")->capture_default_str();
    app.add_option("--port", options.port, "Kafka port of broker 1; broker i listens on port + i - 1")
        ->check(CLI::Range(1, kMaxPort))
        ->capture_default_str();
    app.add_option("--control-port", options.controlPort, "Port of the HTTP control API")
        ->check(CLI::Range(1, kMaxPort))
        ->capture_default_str();

    app.add_option_function<std::vector<std::string>>(
           "--set",
           [&options](const std::vector<std::string>& items) {
               for (const auto& item : items) {
                   auto [name, value] = splitAt(item, '=');
                   if (!options.settings.emplace(name, std::move(value)).second) {
                       throw CLI::ValidationError("--set", "'" + name + "' is given more than once");
                   }
               }
           },
           "Broker config override name=value (repeatable)")
        ->check(CLI::Validator(checkSetting, "NAME=VALUE"))
        ->allow_extra_args(false);

    app.add_option_function<std::vector<std::string>>(
           "--sasl-user",
           [&options](const std::vector<std::string>& items) {
               for (const auto& item : items) {
                   auto [name, password] = splitAt(item, ':');
                   const bool known = std::any_of(options.saslUsers.begin(), options.saslUsers.end(),
                                                  [&](const SaslUser& user) { return user.name == name; });
                   if (known) {
                       throw CLI::ValidationError("--sasl-user", "'" + name + "' is given more than once");
                   }
                   options.saslUsers.push_back({std::move(name), std::move(password)});
               }
           },
           "SASL login name:password the cluster accepts (repeatable)")
        ->check(CLI::Validator(checkSaslUser, "NAME:PASSWORD"))
        ->allow_extra_args(false);

    app.footer(helpFooter());

    app.callback([&options] {
        if (auto error = validateClusterOptions(options); !error.empty()) {
            throw CLI::ValidationError(error);
        }
    });
}

ClusterOptionsParse parseClusterOptions(const std::vector<std::string>& args) {
    ClusterOptions options;
    CLI::App app;
    describeClusterOptions(app, options);
    // CLI11 consumes a vector from its back, so it wants the arguments reversed.
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& error) {
        return {std::nullopt, error.what()};
    }
    return {std::move(options), {}};
}

}  // namespace tideline::broker
