// The units that follow a range of words (see range_match_panel.h).
#include "range_match_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace flicker {
namespace {

QTableWidgetItem* item(const QVariant& value) {
    auto* it = new QTableWidgetItem;
    it->setData(Qt::DisplayRole, value);
    it->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    it->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return it;
}

double rounded(double v, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}

} // namespace

RangeMatchPanel::RangeMatchPanel(QWidget* parent) : QWidget(parent) {
    m_hint = new QLabel;
    m_hint->setWordWrap(true);
    m_table = new QTableWidget(0, ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("unit"), tr("match"), tr("inside"), tr("outside")});
    const QString scoreHelp =
        tr("How well the unit singles out the selected words: its mean activation on them minus "
           "its mean on the other analysed words, divided by its SD over the review. +3 means "
           "it sits 3 of its own SDs higher on the words (it fires on them); −3 that it "
           "switches off on them. Ranked by the size, either sign; silent units are left out.");
    m_table->horizontalHeaderItem(Score)->setToolTip(scoreHelp);
    m_table->horizontalHeaderItem(Inside)->setToolTip(
        tr("Mean activation over the selected words (a.u.)"));
    m_table->horizontalHeaderItem(Outside)->setToolTip(
        tr("Mean activation over the other analysed words (a.u.)"));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setToolTip(scoreHelp + tr("\nSelect rows to show those units."));
    // Two rows at least: the neuron table above shares the height (drag between them).
    m_table->setMinimumHeight(3 * m_table->verticalHeader()->defaultSectionSize());
    m_best = new QPushButton(tr("Show best %1").arg(kBest));
    m_best->setToolTip(tr("Show the %1 units that follow the selected words best").arg(kBest));
    m_best->setEnabled(false);

    auto* top = new QHBoxLayout;
    top->addWidget(m_hint, 1);
    top->addWidget(m_best);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        if (m_updating) return;
        std::vector<int> units;
        for (const QModelIndex& index : m_table->selectionModel()->selectedRows(Unit))
            units.push_back(index.data(Qt::DisplayRole).toInt());
        std::sort(units.begin(), units.end());
        if (!units.empty()) emit unitsChosen(units);
    });
    connect(m_best, &QPushButton::clicked, this, [this] {
        QItemSelection selection;
        for (int row = 0; row < std::min(kBest, m_table->rowCount()); ++row)
            selection.select(m_table->model()->index(row, 0),
                             m_table->model()->index(row, ColumnCount - 1));
        m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    });
    clear(tr("Select words in the review text."));
}

void RangeMatchPanel::setMatches(const std::vector<RangeMatch>& matches, const QString& rangeText) {
    m_updating = true;
    m_table->clearSelection();
    const int rows = std::min(int(matches.size()), kListed);
    m_table->setRowCount(rows);
    for (int row = 0; row < rows; ++row) {
        const RangeMatch& m = matches[std::size_t(row)];
        m_table->setItem(row, Unit, item(m.unit));
        auto* score = item(QStringLiteral("%1%2").arg(m.score > 0 ? QStringLiteral("+") : QString(),
                                                      QString::number(m.score, 'f', 2)));
        score->setToolTip(m.score > 0 ? tr("higher on the selected words")
                                      : tr("lower on the selected words"));
        m_table->setItem(row, Score, score);
        m_table->setItem(row, Inside, item(rounded(m.meanInside, 3)));
        m_table->setItem(row, Outside, item(rounded(m.meanOutside, 3)));
    }
    m_updating = false;
    m_best->setEnabled(rows > 0);
    m_table->setVisible(rows > 0);
    emit listChanged(rows > 0);
    m_hint->setText(rows > 0 ? rangeText : tr("No unit moves in this review."));
}

void RangeMatchPanel::clear(const QString& hint) {
    m_updating = true;
    m_table->setRowCount(0);
    m_updating = false;
    m_best->setEnabled(false);
    m_table->setVisible(false); // the hint alone: the neuron table above keeps the room
    emit listChanged(false);
    m_hint->setText(hint);
}

std::vector<int> RangeMatchPanel::listedUnits() const {
    std::vector<int> units;
    for (int row = 0; row < m_table->rowCount(); ++row)
        units.push_back(m_table->item(row, Unit)->data(Qt::DisplayRole).toInt());
    return units;
}

QString RangeMatchPanel::hint() const {
    return m_hint->text();
}

} // namespace flicker
