// tideline-broker: runs a local Kafka-compatible development cluster.
#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <csignal>

#include "broker/core/cluster_options.h"
#include "broker/core/engine.h"
#include "tideline_version.h"

int main(int argc, char** argv) {
    CLI::App app{"Runs a local Kafka-compatible development cluster for Tideline.", "tideline-broker"};
    app.set_version_flag("--version", TIDELINE_VERSION);
    tideline::broker::ClusterOptions options;
    tideline::broker::describeClusterOptions(app, options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // CLI11 prints the message (or the help); its own codes vary by error kind, scripts get one.
        return app.exit(error) == 0 ? tideline::broker::exit_codes::kOk
                                    : tideline::broker::exit_codes::kBadOptions;
    }

    // stdout carries only the "ready" lines that scripts wait for; logs go to stderr.
    spdlog::set_default_logger(spdlog::stderr_color_mt("tideline-broker"));
    spdlog::cfg::load_env_levels();  // e.g. SPDLOG_LEVEL=debug
    // A client that disconnects mid-answer must cost an error code, not the process.
    std::signal(SIGPIPE, SIG_IGN);

    tideline::broker::Engine engine(std::move(options));
    return engine.run();
}
