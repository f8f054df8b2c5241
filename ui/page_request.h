// The pages of the window and how the command line names them ("topics", "topic:orders", ...).
#pragma once

#include <QString>
#include <optional>

namespace tideline::ui {

enum class PageId { DevCluster, Overview, Brokers, Topics, Topic, Groups, Group, Messages };

struct PageRequest {
    PageId id = PageId::Overview;
    QString subject;  // the topic or group name for Topic, Group and Messages

    bool operator==(const PageRequest&) const = default;
};

// Accepts overview, brokers, topics, topic:NAME, groups, group:NAME, messages:TOPIC and dev-cluster.
std::optional<PageRequest> parsePageRequest(const QString& text);
QString pageRequestText(const PageRequest& request);

}  // namespace tideline::ui
