// The "shape" of a Kafka answer: what must be the same whichever Kafka-compatible broker gave it
// (error codes per item, topics, partitions, record counts, offsets, config names and sources),
// without what legitimately differs between two clusters (hosts, ports, cluster and member ids,
// replica placement, throttle times). One self-contained line per item, sorted, so that two shapes
// compare as plain lists and a difference reads as a diff.
#pragma once

#include <QStringList>

#include "frame.h"

namespace tideline::testing {

QStringList answerShape(const protocol::AnyResponse& answer);

// Lines only in `kafka` (prefixed "- ") and only in `tideline` ("+ "); empty when the shapes match.
QStringList shapeDifference(const QStringList& kafka, const QStringList& tideline);

}  // namespace tideline::testing
