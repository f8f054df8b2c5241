// Filters the topics table by name (plain text or a regular expression) and hides internal topics.
#pragma once

#include "ui/widgets/table_proxy.h"

namespace tideline::ui {

class TopicFilterProxy : public TableProxy {
    Q_OBJECT

public:
    explicit TopicFilterProxy(QObject* parent = nullptr);

    void setHideInternal(bool hide);
    // False, with the pattern unchanged, when `regex` is set and the text is no valid expression.
    bool setNameFilter(const QString& text, bool regex);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    bool hideInternal_ = true;
};

}  // namespace tideline::ui
