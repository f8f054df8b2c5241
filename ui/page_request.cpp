#include "ui/page_request.h"

#include <array>
#include <utility>

namespace tideline::ui {
namespace {

constexpr std::array<std::pair<PageId, const char*>, 8> kNames{{
    {PageId::DevCluster, "dev-cluster"},
    {PageId::Overview, "overview"},
    {PageId::Brokers, "brokers"},
    {PageId::Topics, "topics"},
    {PageId::Topic, "topic"},
    {PageId::Groups, "groups"},
    {PageId::Group, "group"},
    {PageId::Messages, "messages"},
}};

bool needsSubject(PageId id) { return id == PageId::Topic || id == PageId::Group || id == PageId::Messages; }

}  // namespace

std::optional<PageRequest> parsePageRequest(const QString& text) {
    const qsizetype colon = text.indexOf(':');
    const QString name = colon < 0 ? text : text.left(colon);
    const QString subject = colon < 0 ? QString() : text.mid(colon + 1);
    for (const auto& [id, spelling] : kNames) {
        if (name != QLatin1String(spelling)) {
            continue;
        }
        // A topic page without a topic, or a subject on a list page, is a typo worth reporting.
        if (needsSubject(id) != !subject.isEmpty()) {
            return std::nullopt;
        }
        return PageRequest{id, subject};
    }
    return std::nullopt;
}

QString pageRequestText(const PageRequest& request) {
    for (const auto& [id, spelling] : kNames) {
        if (id == request.id) {
            const QString name = QLatin1String(spelling);
            return needsSubject(id) ? name + ':' + request.subject : name;
        }
    }
    return {};
}

}  // namespace tideline::ui
