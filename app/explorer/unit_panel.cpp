// The neuron picker (see unit_panel.h).
#include "unit_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flicker {
namespace {

QTableWidgetItem* numberItem(double value, int decimals) {
    auto* item = new QTableWidgetItem;
    if (std::isnan(value)) {
        item->setText(QStringLiteral("—"));
        item->setData(Qt::UserRole, -1e300); // sorts below every number
    } else {
        item->setData(Qt::DisplayRole,
                      std::round(value * std::pow(10, decimals)) / std::pow(10, decimals));
    }
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

QString groupLabel(ActivationKind k) {
    switch (kindGroup(k)) {
    case KindGroup::Input:
        return QObject::tr("input");
    case KindGroup::Internal:
        return QObject::tr("internal");
    case KindGroup::External:
        return QObject::tr("external");
    }
    return {};
}

} // namespace

UnitPanel::UnitPanel(QWidget* parent) : QWidget(parent) {
    m_kind = new QComboBox;
    for (ActivationKind k : kAllKinds)
        m_kind->addItem(QStringLiteral("%1 — %2 (%3)")
                            .arg(QString::fromLatin1(kindName(k)), tr(kindTitle(k)), groupLabel(k)),
                        int(k));
    m_kind->setCurrentIndex(int(ActivationKind::H));
    m_kind->setToolTip(tr("Which activation to look at. Internal: the gates i, f, g, o inside each "
                          "cell; external: the cell state c and hidden state h that leave it."));

    m_table = new QTableWidget(0, ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("unit"), tr("SD"), tr("α"), tr("β"), tr("β all")});
    m_table->horizontalHeaderItem(Sd)->setToolTip(
        tr("Temporal standard deviation of the unit's activation in this review: how much it "
           "fluctuates"));
    m_table->horizontalHeaderItem(Alpha)->setToolTip(
        tr("DFA exponent α of the unit in this review (0.5 white, 1 pink, 1.5 brown)"));
    m_table->horizontalHeaderItem(Beta)->setToolTip(
        tr("Spectral exponent β = 2α − 1 in this review (0 white, 1 pink 1/f, 2 brown)"));
    m_table->horizontalHeaderItem(BetaAcross)
        ->setToolTip(tr("The unit's mean β over the reviews of the study (Across reviews page)"));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

    m_most = new QPushButton(tr("Most"));
    m_most->setToolTip(
        tr("Select the %1 most fluctuating units (largest temporal SD)").arg(kQuickPick));
    m_least = new QPushButton(tr("Least"));
    m_least->setToolTip(
        tr("Select the %1 least fluctuating active units (smallest temporal SD)").arg(kQuickPick));
    m_silent = new QPushButton(tr("Silent"));
    m_silent->setToolTip(
        tr("Select the units that do not move at all in this review (no exponent)"));
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_summary->setToolTip(
        tr("2·(mean α of the units) − 1: each unit's own F(n) fitted (the α and β columns), "
           "averaged over the units that are not silent — the study's default number. The "
           "F(n) figure's “β of the mean F(n)” is fitted to the units' F(n) averaged first, "
           "which weights the units by the size of their fluctuations: the two differ a "
           "little."));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(new QLabel(tr("Select:")));
    buttons->addWidget(m_most);
    buttons->addWidget(m_least);
    buttons->addWidget(m_silent);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_kind);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] { emit kindChanged(kind()); });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        if (!m_updating) emit unitsChanged(selectedUnits());
    });
    connect(m_most, &QPushButton::clicked, this, &UnitPanel::selectMostFluctuating);
    connect(m_least, &QPushButton::clicked, this, &UnitPanel::selectLeastFluctuating);
    connect(m_silent, &QPushButton::clicked, this, &UnitPanel::selectSilent);
}

ActivationKind UnitPanel::kind() const {
    return ActivationKind(m_kind->currentData().toInt());
}

void UnitPanel::setKind(ActivationKind kind) {
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
}

void UnitPanel::setAnalysis(const KindAnalysis& analysis, const std::vector<double>& across) {
    const std::vector<int> keep = selectedUnits();
    const bool sameCount = int(analysis.units.size()) == m_table->rowCount();
    m_updating = true;
    m_table->setSortingEnabled(false);
    const int U = int(analysis.units.size());
    m_table->setRowCount(U);
    m_sd = analysis.temporalSd;
    m_silentUnits.assign(std::size_t(U), false);
    for (int u = 0; u < U; ++u) {
        const DfaResult& d = analysis.units[std::size_t(u)];
        m_silentUnits[std::size_t(u)] = d.silent;
        auto* unit = new QTableWidgetItem;
        unit->setData(Qt::DisplayRole, u);
        unit->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
        m_table->setItem(u, Unit, unit);
        m_table->setItem(u, Sd, numberItem(analysis.temporalSd[std::size_t(u)], 3));
        m_table->setItem(u, Alpha, numberItem(d.silent ? NAN : d.alpha, 2));
        m_table->setItem(u, Beta, numberItem(d.silent ? NAN : d.beta, 2));
        m_table->setItem(
            u, BetaAcross,
            numberItem(std::size_t(u) < across.size() ? across[std::size_t(u)] : NAN, 2));
    }
    m_table->setSortingEnabled(true);
    if (!sameCount) m_table->sortByColumn(Unit, Qt::AscendingOrder);
    m_updating = false;
    m_summary->setText(tr("%1 units, %2 silent in this review · mean of the units' β: %3")
                           .arg(U)
                           .arg(analysis.silentUnits)
                           .arg(std::isnan(analysis.meanAlphaBeta)
                                    ? tr("none (all silent)")
                                    : QString::number(analysis.meanAlphaBeta, 'f', 2)));
    if (sameCount && !keep.empty())
        selectUnits(keep);
    else
        selectMostFluctuating();
}

void UnitPanel::setAcross(const std::vector<double>& across) {
    m_table->setSortingEnabled(false);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const int u = m_table->item(row, Unit)->data(Qt::DisplayRole).toInt();
        m_table->setItem(
            row, BetaAcross,
            numberItem(std::size_t(u) < across.size() ? across[std::size_t(u)] : NAN, 2));
    }
    m_table->setSortingEnabled(true);
}

std::vector<int> UnitPanel::selectedUnits() const {
    std::vector<int> units;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows(Unit))
        units.push_back(index.data(Qt::DisplayRole).toInt());
    std::sort(units.begin(), units.end());
    return units;
}

void UnitPanel::selectUnits(const std::vector<int>& units) {
    m_updating = true;
    m_table->clearSelection();
    QItemSelection selection;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const int u = m_table->item(row, Unit)->data(Qt::DisplayRole).toInt();
        if (std::find(units.begin(), units.end(), u) != units.end())
            selection.select(m_table->model()->index(row, 0),
                             m_table->model()->index(row, ColumnCount - 1));
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::Select);
    m_updating = false;
    emit unitsChanged(selectedUnits());
}

std::vector<int> UnitPanel::unitsSortedBySd(bool descending, bool skipSilent) const {
    std::vector<int> order;
    for (std::size_t u = 0; u < m_sd.size(); ++u)
        if (!skipSilent || !m_silentUnits[u]) order.push_back(int(u));
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return descending ? m_sd[std::size_t(a)] > m_sd[std::size_t(b)]
                          : m_sd[std::size_t(a)] < m_sd[std::size_t(b)];
    });
    if (order.size() > std::size_t(kQuickPick)) order.resize(std::size_t(kQuickPick));
    return order;
}

void UnitPanel::selectMostFluctuating() {
    selectUnits(unitsSortedBySd(true, false));
}

void UnitPanel::selectLeastFluctuating() {
    selectUnits(unitsSortedBySd(false, true));
}

void UnitPanel::selectSilent() {
    std::vector<int> units;
    for (std::size_t u = 0; u < m_silentUnits.size(); ++u)
        if (m_silentUnits[u]) units.push_back(int(u));
    selectUnits(units);
}

} // namespace flicker
