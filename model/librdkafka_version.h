#pragma once

#include <QString>

namespace tideline::model {

// The version of the librdkafka the program runs with (not the one it was built against).
QString librdkafkaVersion();

}  // namespace tideline::model
