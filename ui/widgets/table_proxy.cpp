#include "ui/widgets/table_proxy.h"

#include "ui/theme.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QTableView>
#include <QTimer>
#include <algorithm>

namespace tideline::ui {

TableProxy::TableProxy(int sortRole, QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(sortRole);
    setDynamicSortFilter(true);
}

QVariant TableProxy::data(const QModelIndex& index, int role) const {
    if (role == Qt::ForegroundRole && attentionRole_ >= 0 && index.data(attentionRole_).toBool()) {
        return theme::warning();
    }
    return QSortFilterProxyModel::data(index, role);
}

QVariant TableProxy::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role == Qt::ToolTipRole && orientation == Qt::Horizontal && headerTips_.contains(section)) {
        return headerTips_.value(section);
    }
    return QSortFilterProxyModel::headerData(section, orientation, role);
}

QTableView* makeTableView(QAbstractItemModel* model, QWidget* parent) {
    auto* view = new QTableView(parent);
    view->setModel(model);
    view->setSortingEnabled(true);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Columns fit the rows in view, not the first 1,000 of the model: with 10,000 topics Qt's default
    // made every filter keystroke measure 8,000 cells (about 150 ms on the GUI thread).
    view->horizontalHeader()->setResizeContentsPrecision(0);

    // Fit the columns when rows come or go (not on every value change, which would make them jump);
    // coalesced so that a refresh inserting many ranges fits once.
    auto* fit = new QTimer(view);
    fit->setSingleShot(true);
    fit->setInterval(0);
    QObject::connect(fit, &QTimer::timeout, view, [view] {
        view->resizeColumnsToContents();
        const int last = view->model()->columnCount() - 1;
        for (int column = 0; column < last; ++column) {
            view->setColumnWidth(column, std::min(view->columnWidth(column) + 12, 420));
        }
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        QObject::connect(model, signal, fit, qOverload<>(&QTimer::start));
    }
    QObject::connect(model, &QAbstractItemModel::modelReset, fit, qOverload<>(&QTimer::start));

    auto* copy = new QAction(QObject::tr("Copy rows"), view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    QObject::connect(copy, &QAction::triggered, view, [view] {
        QStringList lines;
        const QModelIndexList rows = view->selectionModel()->selectedRows();
        for (const QModelIndex& row : rows) {
            QStringList cells;
            for (int column = 0; column < view->model()->columnCount(); ++column) {
                cells.append(view->model()->index(row.row(), column).data().toString());
            }
            lines.append(cells.join('\t'));
        }
        QApplication::clipboard()->setText(lines.join('\n'));
    });
    view->addAction(copy);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    return view;
}

}  // namespace tideline::ui
