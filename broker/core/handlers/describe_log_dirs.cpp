// DescribeLogDirs: each broker has one log directory (DIR/broker-<id>); the answer lists the
// replicas in it with their size and how far they are behind the high watermark.
#include <algorithm>
#include <filesystem>

#include "broker/core/handlers/handlers.h"

namespace tideline::broker::handlers {
namespace {

using Response = protocol::DescribeLogDirsResponse;

bool wanted(const protocol::DescribeLogDirsRequest& request, const std::string& topic,
            std::int32_t partition) {
    if (!request.topics) return true;
    return std::any_of(request.topics->begin(), request.topics->end(), [&](const auto& item) {
        return item.topic == topic &&
               std::find(item.partitions.begin(), item.partitions.end(), partition) != item.partitions.end();
    });
}

}  // namespace

void describe_log_dirs(RequestContext& ctx, const protocol::DescribeLogDirsRequest& request) {
    Response response;
    auto& dir = response.results.emplace_back();
    const auto path = ctx.state().data_dir / ("broker-" + std::to_string(ctx.broker.id));
    dir.log_dir = std::filesystem::absolute(path).string();
    std::error_code ec;
    const auto space = std::filesystem::space(path, ec);
    if (!ec && ctx.version() >= 4) {
        dir.total_bytes = static_cast<std::int64_t>(space.capacity);
        dir.usable_bytes = static_cast<std::int64_t>(space.available);
    }
    for (const auto& [name, topic] : ctx.state().topics) {
        Response::DescribeLogDirsTopic out;
        out.name = name;
        for (const auto& partition : topic.partitions) {
            const auto* log = partition.log_of(ctx.broker.id);
            if (!log || !wanted(request, name, partition.index)) continue;
            auto& entry = out.partitions.emplace_back();
            entry.partition_index = partition.index;
            entry.partition_size = static_cast<std::int64_t>(log->size_bytes());
            // As Kafka: how far this replica's log end is behind the high watermark (0 for the leader).
            entry.offset_lag = std::max<std::int64_t>(0, partition.high_watermark - log->log_end_offset());
        }
        if (!out.partitions.empty()) dir.topics.push_back(std::move(out));
    }
    ctx.responder.send(response);
}

}  // namespace tideline::broker::handlers
