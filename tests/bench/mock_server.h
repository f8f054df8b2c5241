// `tideline-bench --serve-mock`: librdkafka's in-process mock cluster (test.mock.num.brokers=3) in a
// process of its own. Prints "ready <bootstrap servers>", then serves until stdin closes; a line
// "topic NAME PARTITIONS RF" on stdin creates a topic (the mock has no CreateTopics API).
#pragma once

namespace tideline::bench {

int serve_mock_cluster();

}  // namespace tideline::bench
