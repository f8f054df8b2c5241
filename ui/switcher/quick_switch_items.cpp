#include "ui/switcher/quick_switch_items.h"

#include <QCoreApplication>
#include <algorithm>

namespace tideline::ui {
namespace {

QString tr(const char* text, int n = -1) {
    return QCoreApplication::translate("QuickSwitcher", text, nullptr, n);
}

constexpr int kExact = 100000;
constexpr int kPrefix = 80000;
constexpr int kSubstring = 60000;
constexpr int kFuzzy = 30000;

// Letters of `query` found in order in `text`: starts at kFuzzy, loses a point per skipped character
// and ten per gap, so "ordev" prefers "orders-dev" to "orders-archive-dev".
int fuzzyScore(const QString& query, const QString& text) {
    int score = kFuzzy;
    qsizetype at = 0;
    qsizetype previous = -1;
    for (const QChar wanted : query) {
        const qsizetype found = text.indexOf(wanted, at, Qt::CaseInsensitive);
        if (found < 0) {
            return -1;
        }
        if (previous >= 0 && found != previous + 1) {
            score -= 10 + int(found - previous - 1);
        } else if (previous < 0) {
            score -= int(found);
        }
        previous = found;
        at = found + 1;
    }
    return std::max(score, 1);
}

}  // namespace

QString quickSwitchKindName(QuickSwitchItem::Kind kind) {
    switch (kind) {
        case QuickSwitchItem::Kind::Page:
            return tr("page");
        case QuickSwitchItem::Kind::Broker:
            return tr("broker");
        case QuickSwitchItem::Kind::Topic:
            return tr("topic");
        case QuickSwitchItem::Kind::Group:
            return tr("group");
    }
    return {};
}

QList<QuickSwitchItem> quickSwitchItems(const model::ClusterSnapshot* snapshot) {
    using Kind = QuickSwitchItem::Kind;
    QList<QuickSwitchItem> items = {
        {Kind::Page, tr("Overview"), tr("cluster health"), {PageId::Overview, {}}},
        {Kind::Page, tr("Brokers"), tr("all brokers"), {PageId::Brokers, {}}},
        {Kind::Page, tr("Topics"), tr("all topics"), {PageId::Topics, {}}},
        {Kind::Page, tr("Consumer groups"), tr("all groups and their lag"), {PageId::Groups, {}}},
        {Kind::Page, tr("Local dev cluster"), tr("start and stop brokers"), {PageId::DevCluster, {}}},
    };
    if (snapshot == nullptr) {
        return items;
    }
    items.reserve(items.size() + snapshot->brokers.size() + snapshot->topics.size() +
                  snapshot->groups.size());
    for (const model::BrokerInfo& broker : snapshot->brokers) {
        items.append({Kind::Broker,
                      tr("broker %1").arg(broker.id),
                      QString("%1:%2").arg(broker.host).arg(broker.port),
                      {PageId::Brokers, QString::number(broker.id)}});
    }
    for (const model::TopicInfo& topic : snapshot->topics) {
        items.append({Kind::Topic,
                      topic.name,
                      tr("%n partition(s)", int(topic.partitions.size())),
                      {PageId::Topic, topic.name}});
    }
    for (const model::ConsumerGroupInfo& group : snapshot->groups) {
        items.append({Kind::Group, group.id, group.state, {PageId::Group, group.id}});
    }
    return items;
}

int quickSwitchScore(const QString& query, const QString& text) {
    if (query.isEmpty()) {
        return 0;
    }
    const qsizetype at = text.indexOf(query, 0, Qt::CaseInsensitive);
    if (at == 0) {
        return text.size() == query.size() ? kExact : kPrefix - int(text.size() - query.size());
    }
    if (at > 0) {
        return kSubstring - int(at);
    }
    return fuzzyScore(query, text);
}

QList<QuickSwitchItem> quickSwitchMatches(const QList<QuickSwitchItem>& items, const QString& query,
                                          int limit) {
    const QString wanted = query.trimmed();
    QList<std::pair<int, qsizetype>> scored;  // score, index into items
    for (qsizetype i = 0; i < items.size(); ++i) {
        const int score = quickSwitchScore(wanted, items[i].name);
        if (score >= 0) {
            scored.append({score, i});
        }
    }
    // Items come kind by kind and sorted by name within a kind, so a stable sort keeps that for ties.
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    QList<QuickSwitchItem> matches;
    for (qsizetype i = 0; i < scored.size() && i < limit; ++i) {
        matches.append(items[scored[i].second]);
    }
    return matches;
}

}  // namespace tideline::ui
