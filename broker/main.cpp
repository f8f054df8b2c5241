// tideline-broker: runs a local Kafka-compatible development cluster.
#include <CLI/CLI.hpp>
#include <iostream>

#include "broker/core/cluster_options.h"

namespace {
// Distinct from CLI11's parse-error codes so scripts can tell "bad options" from "not there yet".
constexpr int kExitNotImplemented = 2;
}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Runs a local Kafka-compatible development cluster for Tideline.", "tideline-broker"};
    app.set_version_flag("--version", TIDELINE_VERSION);
    tideline::broker::ClusterOptions options;
    tideline::broker::describeClusterOptions(app, options);
    CLI11_PARSE(app, argc, argv);

    std::cerr << "tideline-broker: the broker engine is not implemented yet, so no cluster was started.\n"
              << "Requested: " << options.brokers << " broker(s) on " << options.host << ":" << options.port
              << ", control API on port " << options.controlPort << ", data in " << options.dataDir.string()
              << "\n";
    return kExitNotImplemented;
}
