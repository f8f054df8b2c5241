#include "ui/dialogs/topic_name.h"

#include <QCoreApplication>

namespace tideline::ui {
namespace {

bool isLegalCharacter(QChar c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

QString tr(const char* text) { return QCoreApplication::translate("TopicName", text); }

}  // namespace

QString validateTopicName(const QString& name) {
    if (name.isEmpty()) {
        return tr("Enter a topic name.");
    }
    if (name == "." || name == "..") {
        return tr("A topic cannot be named \".\" or \"..\".");
    }
    if (name.size() > kMaxTopicNameLength) {
        return tr("A topic name has at most %1 characters (this one has %2).")
            .arg(kMaxTopicNameLength)
            .arg(name.size());
    }
    for (const QChar c : name) {
        if (!isLegalCharacter(c)) {
            return tr("\"%1\" is not allowed: use letters, digits, '.', '_' and '-' only.").arg(c);
        }
    }
    return {};
}

bool topicNamesCollide(const QString& a, const QString& b) {
    if (a == b) {
        return false;
    }
    QString left = a;
    QString right = b;
    return left.replace('.', '_') == right.replace('.', '_');
}

}  // namespace tideline::ui
