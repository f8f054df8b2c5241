// Header titles and role names of the cluster table models, declared as data in each model and
// turned into Qt's answers here, so every table answers the same way.
#pragma once

#include <QAbstractItemModel>
#include <QByteArray>
#include <QHash>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <utility>

namespace tideline::model {

// `titles` in Columns order. Horizontal display titles come from it; everything else is Qt's default.
template <std::size_t N>
QVariant tableHeader(const QAbstractItemModel& model, const std::array<const char*, N>& titles, int section,
                     Qt::Orientation orientation, int role) {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return model.QAbstractItemModel::headerData(section, orientation, role);
    }
    if (section < 0 || static_cast<std::size_t>(section) >= N) {
        return {};
    }
    return QString::fromUtf8(titles[static_cast<std::size_t>(section)]);
}

// Qt's role names plus the model's own roles, for QML and for QAbstractItemModelTester's checks.
inline QHash<int, QByteArray> tableRoleNames(const QAbstractItemModel& model,
                                             std::initializer_list<std::pair<int, const char*>> roles) {
    QHash<int, QByteArray> names = model.QAbstractItemModel::roleNames();
    for (const auto& [role, name] : roles) {
        names.insert(role, name);
    }
    return names;
}

}  // namespace tideline::model
