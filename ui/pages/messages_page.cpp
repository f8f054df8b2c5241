#include "ui/pages/messages_page.h"

#include <QLabel>
#include <QVBoxLayout>

namespace tideline::ui {

MessagesPage::MessagesPage(QWidget* parent)
    : ClusterPage(parent), title_(new QLabel(this)), view_(new MessagesView(this)) {
    setObjectName("messagesPage");
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addWidget(view_, 1);
    connect(view_, &MessagesView::browseFinished, this, &MessagesPage::browseFinished);
    connect(view_, &MessagesView::dataChanged, this, &ClusterPage::dataChanged);
    setTopic({});
}

void MessagesPage::setConnection(ClusterConnection* connection) { view_->setConnection(connection); }

void MessagesPage::setTopic(const QString& topic) {
    title_->setText(tr("<h2>Messages of %1</h2>").arg(topic.toHtmlEscaped()));
    view_->setTopic(topic);
}

}  // namespace tideline::ui
