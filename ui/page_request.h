// The pages of the window and how the command line names them ("topics", "topic:orders", ...).
#pragma once

#include <QString>
#include <array>
#include <optional>

namespace tideline::ui {

enum class PageId { DevCluster, Overview, Brokers, Topics, Topic, Groups, Group, Messages };

struct PageRequest {
    PageId id = PageId::Overview;
    QString subject;   // the topic or group name for Topic, Group and Messages
    QString tab = {};  // Topic only: one of kTopicTabs; empty keeps the tab shown last

    bool operator==(const PageRequest&) const = default;
};

// The topic page's tabs in order, as "topic:NAME/TAB" names them; the first is the one a new window shows.
inline constexpr std::array<const char*, 4> kTopicTabs{"partitions", "configs", "groups", "messages"};

// Accepts overview, brokers, topics, topic:NAME, topic:NAME/TAB, groups, group:NAME, messages:TOPIC and
// dev-cluster. Kafka topic names cannot hold '/', so it always starts a tab name; group names can.
std::optional<PageRequest> parsePageRequest(const QString& text);
QString pageRequestText(const PageRequest& request);

}  // namespace tideline::ui
