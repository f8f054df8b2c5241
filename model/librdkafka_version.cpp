#include "model/librdkafka_version.h"

#include <librdkafka/rdkafka.h>

namespace tideline::model {

QString librdkafkaVersion() { return QString::fromLatin1(rd_kafka_version_str()); }

}  // namespace tideline::model
