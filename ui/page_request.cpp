#include "ui/page_request.h"

#include <algorithm>
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
        PageRequest request{id, subject};
        if (id == PageId::Topic && subject.contains('/')) {
            request.subject = subject.section('/', 0, 0);
            request.tab = subject.section('/', 1);
            const bool known = std::any_of(kTopicTabs.begin(), kTopicTabs.end(), [&](const char* tab) {
                return request.tab == QLatin1String(tab);
            });
            if (!known) {
                return std::nullopt;
            }
        }
        // A topic page without a topic, or a subject on a list page, is a typo worth reporting.
        if (needsSubject(id) != !request.subject.isEmpty()) {
            return std::nullopt;
        }
        return request;
    }
    return std::nullopt;
}

QString pageRequestText(const PageRequest& request) {
    for (const auto& [id, spelling] : kNames) {
        if (id == request.id) {
            const QString name = QLatin1String(spelling);
            if (!needsSubject(id)) {
                return name;
            }
            const QString page = name + ':' + request.subject;
            return request.tab.isEmpty() ? page : page + '/' + request.tab;
        }
    }
    return {};
}

}  // namespace tideline::ui
