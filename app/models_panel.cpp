// The list of models (see models_panel.h).
#include "models_panel.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace flicker {

ModelsPanel::ModelsPanel(QWidget* parent) : QWidget(parent) {
    m_table = new QTableWidget(0, 5);
    m_table->setHorizontalHeaderLabels(
        {tr("model"), tr("E × H"), tr("data set"), tr("test acc."), tr("added")});
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setToolTip(
        tr("Click a model to explore it; models trained here stay in memory until saved"));
    auto* train = new QPushButton(tr("Train…"));
    auto* open = new QPushButton(tr("Open…"));
    m_save = new QPushButton(tr("Save as…"));
    m_save->setEnabled(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(train);
    buttons->addWidget(open);
    buttons->addWidget(m_save);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(train, &QPushButton::clicked, this, &ModelsPanel::trainRequested);
    connect(open, &QPushButton::clicked, this, &ModelsPanel::openRequested);
    connect(m_save, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0 && row < int(m_entries.size()))
            emit saveRequested(m_entries[std::size_t(row)].model);
    });
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        m_save->setEnabled(row >= 0);
        if (m_updating || row < 0 || row >= int(m_entries.size())) return;
        const Entry& e = m_entries[std::size_t(row)];
        if (e.model != m_current) emit modelChosen(e.model, e.path);
    });
}

int ModelsPanel::rowOf(const std::shared_ptr<const Model>& model) const {
    for (std::size_t k = 0; k < m_entries.size(); ++k)
        if (m_entries[k].model == model) return int(k);
    return -1;
}

void ModelsPanel::addModel(std::shared_ptr<const Model> model, const QString& path) {
    if (!model) return;
    if (rowOf(model) < 0)
        m_entries.push_back({model, path, QDateTime::currentDateTime()});
    else if (!path.isEmpty())
        m_entries[std::size_t(rowOf(model))].path = path;
    m_current = model;
    rebuild();
}

void ModelsPanel::setPath(const std::shared_ptr<const Model>& model, const QString& path) {
    const int row = rowOf(model);
    if (row < 0) return;
    m_entries[std::size_t(row)].path = path;
    rebuild();
}

void ModelsPanel::setCurrent(const std::shared_ptr<const Model>& model) {
    m_current = model;
    rebuild();
}

void ModelsPanel::rebuild() {
    m_updating = true;
    m_table->setRowCount(int(m_entries.size()));
    for (std::size_t k = 0; k < m_entries.size(); ++k) {
        const Entry& e = m_entries[k];
        const ModelSettings& s = e.model->network.settings();
        const auto& epochs = e.model->history.epochs;
        const double accuracy = epochs.empty() ? -1 : epochs.back().testAccuracy;
        const QString name = e.path.isEmpty()
                                 ? tr("unsaved (%1)").arg(QString::fromStdString(e.model->origin))
                                 : QFileInfo(e.path).fileName();
        const QStringList cells{
            (e.model == m_current ? QStringLiteral("● ") : QString()) + name,
            QStringLiteral("%1 × %2").arg(s.embedding).arg(s.hidden),
            QString::fromStdString(e.model->history.dataset.empty() ? "—"
                                                                    : e.model->history.dataset),
            accuracy >= 0 ? QStringLiteral("%1 %").arg(100 * accuracy, 0, 'f', 1) : tr("—"),
            e.added.toString(QStringLiteral("yyyy-MM-dd HH:mm"))};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == 0)
                item->setToolTip(e.path.isEmpty() ? tr("Not saved yet: File › Save model as…")
                                                  : e.path);
            m_table->setItem(int(k), c, item);
        }
    }
    const int current = rowOf(m_current);
    if (current >= 0) m_table->setCurrentCell(current, 0);
    m_updating = false;
}

} // namespace flicker
