#include "scale_layout.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "kafka_populate.h"

namespace tideline::populate {
namespace {

std::string padded(const char* prefix, int number, int width) {
    char text[64];
    std::snprintf(text, sizeof text, "%s%0*d", prefix, width, number);
    return text;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::string ScaleLayout::topicName(int topic) { return padded("scale-", topic, 5); }
std::string ScaleLayout::groupName(int group) { return padded("scale-group-", group, 4); }

int ScaleLayout::recordsIn(int topic, int partition) const {
    return topic < topicsWithRecords ? 3 + (topic * 7 + partition) % 10 : 0;
}

std::int64_t ScaleLayout::groupLag(int group) const {
    std::int64_t lag = 0;
    for (int p = 0; p < partitions; ++p) lag += recordsIn(topicOfGroup(group), p) - committedOffset(group, p);
    return lag;
}

bool populate_scale_cluster(const std::string& bootstrap, const ScaleLayout& layout, PopulateTimes* times) {
    using Clock = std::chrono::steady_clock;
    PopulateTimes taken;
    auto start = Clock::now();
    std::vector<std::string> names;
    names.reserve(static_cast<std::size_t>(layout.topics));
    for (int t = 0; t < layout.topics; ++t) names.push_back(ScaleLayout::topicName(t));
    if (!create_topics(bootstrap, names, layout.partitions, 1)) return false;
    taken.create_topics_s = seconds_since(start);

    start = Clock::now();
    std::vector<PartitionRecords> records;
    for (int t = 0; t < std::min(layout.topicsWithRecords, layout.topics); ++t)
        for (int p = 0; p < layout.partitions; ++p) records.push_back({names[t], p, layout.recordsIn(t, p)});
    if (!produce_records(bootstrap, records)) return false;
    taken.produce_s = seconds_since(start);

    start = Clock::now();
    std::vector<GroupCommit> commits;
    for (int g = 0; g < layout.groups; ++g) {
        GroupCommit& commit = commits.emplace_back();
        commit.group = ScaleLayout::groupName(g);
        for (int p = 0; p < layout.partitions; ++p)
            commit.offsets.push_back({names[layout.topicOfGroup(g)], p, layout.committedOffset(g, p)});
    }
    if (!commit_group_offsets(bootstrap, commits)) return false;
    taken.commit_s = seconds_since(start);
    if (times) *times = taken;
    return true;
}

}  // namespace tideline::populate
