// What the Ctrl+K quick switcher can jump to (pages, brokers, topics, consumer groups, from the
// selected cluster's latest snapshot) and how typed text ranks them. Pure functions, no widgets.
#pragma once

#include <QList>
#include <QString>

#include "model/snapshot.h"
#include "ui/page_request.h"

namespace tideline::ui {

struct QuickSwitchItem {
    enum class Kind { Page, Broker, Topic, Group };
    Kind kind = Kind::Page;
    QString name;    // what the typed text is matched against
    QString detail;  // a short description shown beside it
    PageRequest target;

    bool operator==(const QuickSwitchItem&) const = default;
};

QString quickSwitchKindName(QuickSwitchItem::Kind kind);

// The pages, then every broker ("broker 2"), topic and group of `snapshot` (none without one).
QList<QuickSwitchItem> quickSwitchItems(const model::ClusterSnapshot* snapshot);

// How well `query` matches `text`, case-insensitively; higher is better, -1 is no match. An exact
// match beats a prefix, a prefix beats a substring (earlier is better), and a substring beats letters
// found in order with gaps (fewer and shorter gaps are better). An empty query matches everything.
int quickSwitchScore(const QString& query, const QString& text);

// The items that match, best first (ties: pages, brokers, topics, groups, then by name); at most `limit`.
QList<QuickSwitchItem> quickSwitchMatches(const QList<QuickSwitchItem>& items, const QString& query,
                                          int limit);

}  // namespace tideline::ui
