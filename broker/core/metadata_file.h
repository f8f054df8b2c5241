// The cluster's metadata on disk: DIR/cluster.json holds the cluster id and every topic with its
// configs and partitions (replicas, leader, leader epoch, ISR). Records live in the partition
// logs, not here. Written atomically on every change, read once at startup.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "broker/core/cluster_state.h"

namespace tideline::broker {

std::filesystem::path metadata_file_path(const std::filesystem::path& data_dir);

// Writes the cluster id and topics of `state` (not the logs, not the brokers' runtime state).
// Returns an error message, empty on success.
std::string save_metadata(const ClusterState& state);

// Fills cluster_id and topics (partitions without logs) from the file. A missing file leaves
// `state` untouched and succeeds: it is a new data dir. Returns an error message, empty on success.
std::string load_metadata(ClusterState& state);

}  // namespace tideline::broker
