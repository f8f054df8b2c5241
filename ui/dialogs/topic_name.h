// Kafka's rules for topic names, checked before anything is sent so that the dialog can say what is
// wrong while the user types.
#pragma once

#include <QString>

namespace tideline::ui {

inline constexpr int kMaxTopicNameLength = 249;

// Empty when Kafka would accept `name` as a topic name, else the reason, phrased for the user.
QString validateTopicName(const QString& name);

// Kafka refuses a topic whose name differs from an existing one only by '.' against '_', since both
// map to the same metric names. True when `a` and `b` collide that way.
bool topicNamesCollide(const QString& a, const QString& b);

}  // namespace tideline::ui
