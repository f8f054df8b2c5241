// The shape of the scale cluster (by default 10,000 topics x 10 partitions and 1,000 consumer groups)
// and how to fill it. Every record count and committed offset follows from the topic, partition and
// group numbers, so tests can check any row of the models against the layout.
#pragma once

#include <cstdint>
#include <string>

namespace tideline::populate {

struct ScaleLayout {
    int topics = 10000;
    int partitions = 10;
    int groups = 1000;
    // Records only go to the first topics: a partition with records keeps files open, and the
    // default limit of 20,000 open files would not hold 100,000 of them.
    int topicsWithRecords = 100;

    static std::string topicName(int topic);  // scale-00042
    static std::string groupName(int group);  // scale-group-0042

    // Records produced into a partition: 3 to 12 in the first topicsWithRecords topics, none after.
    int recordsIn(int topic, int partition) const;
    // Each group commits to every partition of one topic that has records, 2 or fewer records behind
    // the end of each, so every group has a lag.
    int topicOfGroup(int group) const { return group % topicsWithRecords; }
    std::int64_t committedOffset(int group, int partition) const { return (group + partition) % 3; }
    std::int64_t groupLag(int group) const;
};

struct PopulateTimes {
    double create_topics_s = 0;
    double produce_s = 0;
    double commit_s = 0;
};

// Creates the topics (RF=1, 1,000 per CreateTopics request), produces the records and commits every
// group's offsets. False (with messages on stderr) on any failure.
bool populate_scale_cluster(const std::string& bootstrap, const ScaleLayout& layout, PopulateTimes* times);

}  // namespace tideline::populate
