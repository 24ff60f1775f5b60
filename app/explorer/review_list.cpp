// The list of reviews with search and filters (see review_list.h).
#include "review_list.h"

#include "plot_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace flicker {

constexpr std::size_t kLongReview = 500; // the paper's minimum length for the analysis

ReviewTableModel::ReviewTableModel(const Workspace* workspace, QObject* parent)
    : QAbstractTableModel(parent), m_workspace(workspace) {
    reload();
}

void ReviewTableModel::reload() {
    beginResetModel();
    m_corpus = m_workspace->corpus();
    m_predictions = m_workspace->predictions();
    endResetModel();
}

void ReviewTableModel::updatePredictions() {
    if (m_corpus != m_workspace->corpus()) {
        reload();
        return;
    }
    m_predictions = m_workspace->predictions();
    if (rowCount() > 0) emit dataChanged(index(0, Prediction), index(rowCount() - 1, Confidence));
}

int ReviewTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_corpus ? 0 : int(m_corpus->reviews.size());
}

int ReviewTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

std::size_t ReviewTableModel::lengthOf(std::size_t review) const {
    return m_corpus ? m_corpus->reviews[review].tokens.size() : 0;
}

float ReviewTableModel::probabilityOf(std::size_t review) const {
    if (!m_predictions || review >= m_predictions->probability.size()) return std::nanf("");
    return m_predictions->probability[review];
}

QVariant ReviewTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !m_corpus) return {};
    const std::size_t k = std::size_t(index.row());
    const Review& r = m_corpus->reviews[k];
    if (role == kIndexRole) return qulonglong(k);
    const float p = probabilityOf(k);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Id:
            return QString::fromStdString(r.id);
        case Split:
            return QString::fromLatin1(splitName(r.split));
        case Label:
            return r.label == 1 ? tr("pos") : r.label == 0 ? tr("neg") : tr("—");
        case Prediction:
            return std::isnan(p) ? tr("…") : p > 0.5f ? tr("pos") : tr("neg");
        case Confidence:
            return std::isnan(p)
                       ? QVariant(tr("…"))
                       : QVariant(QString::number(100.0 * std::max(p, 1 - p), 'f', 0) + " %");
        case Length:
            return qulonglong(lengthOf(k));
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Prediction && !std::isnan(p) &&
        r.label >= 0 && int(p > 0.5f) != r.label)
        return style::kError; // a wrong prediction reads red
    if (role == Qt::TextAlignmentRole && (index.column() == Confidence || index.column() == Length))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        QString text = QString::fromStdString(r.text.substr(0, 400));
        if (r.text.size() > 400) text += QStringLiteral("…");
        return text;
    }
    return {};
}

QVariant ReviewTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        static const char* names[] = {"review", "split", "label", "model", "sure", "words"};
        return tr(names[section]);
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Label:
            return tr("The review's true label: positive or negative");
        case Prediction:
            return tr("What the model says after reading the review (red: wrong)");
        case Confidence:
            return tr("max(P, 1 − P), P = the model's probability of “positive”");
        case Length:
            return tr("Words as the model reads them (first 500 used in training)");
        default:
            return {};
        }
    }
    return {};
}

ReviewFilter::ReviewFilter(ReviewTableModel* source, QObject* parent)
    : QSortFilterProxyModel(parent), m_source(source) {
    setSourceModel(source);
}

void ReviewFilter::setSearchText(const QString& text) {
    m_search = text.trimmed();
    invalidateFilter();
}
void ReviewFilter::setSplit(int split) {
    m_split = split;
    invalidateFilter();
}
void ReviewFilter::setLabel(int label) {
    m_label = label;
    invalidateFilter();
}
void ReviewFilter::setMinimumLength(std::size_t words) {
    m_minLength = words;
    invalidateFilter();
}
void ReviewFilter::setCorrectness(Correctness c) {
    m_correctness = c;
    invalidateFilter();
}

bool ReviewFilter::filterAcceptsRow(int row, const QModelIndex&) const {
    const std::size_t k = std::size_t(row);
    const Review* r = m_source->review(k);
    if (!r) return false;
    if (m_split >= 0 && int(r->split) != m_split) return false;
    if (m_label >= 0 && r->label != m_label) return false;
    if (m_minLength && m_source->lengthOf(k) < m_minLength) return false;
    if (m_correctness != Correctness::Any) {
        const float p = m_source->probabilityOf(k);
        if (std::isnan(p) || r->label < 0) return false;
        const bool correct = int(p > 0.5f) == r->label;
        if (correct != (m_correctness == Correctness::Correct)) return false;
    }
    if (!m_search.isEmpty() &&
        !QString::fromStdString(r->text).contains(m_search, Qt::CaseInsensitive) &&
        !QString::fromStdString(r->id).contains(m_search, Qt::CaseInsensitive))
        return false;
    return true;
}

bool ReviewFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const std::size_t a = left.data(ReviewTableModel::kIndexRole).toULongLong();
    const std::size_t b = right.data(ReviewTableModel::kIndexRole).toULongLong();
    switch (left.column()) {
    case ReviewTableModel::Length:
        return m_source->lengthOf(a) < m_source->lengthOf(b);
    case ReviewTableModel::Confidence: {
        const float pa = m_source->probabilityOf(a), pb = m_source->probabilityOf(b);
        return std::max(pa, 1 - pa) < std::max(pb, 1 - pb);
    }
    case ReviewTableModel::Id:
        return a < b; // corpus order, not text order ("10" after "9")
    default:
        return QSortFilterProxyModel::lessThan(left, right);
    }
}

ReviewListPanel::ReviewListPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace) {
    m_model = new ReviewTableModel(workspace, this);
    m_filter = new ReviewFilter(m_model, this);

    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search the reviews' text…"));
    m_search->setClearButtonEnabled(true);
    m_split = new QComboBox;
    m_split->addItem(tr("any split"), -1);
    m_split->addItem(tr("train"), int(Split::Train));
    m_split->addItem(tr("test"), int(Split::Test));
    m_label = new QComboBox;
    m_label->addItem(tr("any label"), -1);
    m_label->addItem(tr("positive"), 1);
    m_label->addItem(tr("negative"), 0);
    m_correct = new QComboBox;
    m_correct->addItem(tr("any prediction"), int(ReviewFilter::Correctness::Any));
    m_correct->addItem(tr("classified correctly"), int(ReviewFilter::Correctness::Correct));
    m_correct->addItem(tr("classified wrongly"), int(ReviewFilter::Correctness::Wrong));
    m_longOnly = new QCheckBox(tr("≥ %1 words").arg(kLongReview));
    m_longOnly->setToolTip(tr("Only reviews long enough for the paper's analysis (the first %1 "
                              "words of each review are analysed)")
                               .arg(kLongReview));

    m_table = new QTableView;
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ReviewTableModel::Id, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(ReviewTableModel::Id, QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(36);
    for (int c = ReviewTableModel::Split; c < ReviewTableModel::ColumnCount; ++c)
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideLeft); // ids differ at their end ("…test/1234")
    m_table->setAlternatingRowColors(true);
    m_count = new QLabel;

    auto* filters = new QGridLayout;
    filters->addWidget(m_split, 0, 0);
    filters->addWidget(m_label, 0, 1);
    filters->addWidget(m_correct, 1, 0);
    filters->addWidget(m_longOnly, 1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_count);

    // Searching 50,000 texts takes a moment: wait until typing pauses.
    auto* searchDelay = new QTimer(this);
    searchDelay->setSingleShot(true);
    searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, searchDelay, qOverload<>(&QTimer::start));
    connect(searchDelay, &QTimer::timeout, this, [this] {
        m_filter->setSearchText(m_search->text());
        updateCount();
    });
    auto comboInt = [](QComboBox* c) { return c->currentData().toInt(); };
    connect(m_split, &QComboBox::currentIndexChanged, this, [=, this] {
        m_filter->setSplit(comboInt(m_split));
        updateCount();
    });
    connect(m_label, &QComboBox::currentIndexChanged, this, [=, this] {
        m_filter->setLabel(comboInt(m_label));
        updateCount();
    });
    connect(m_correct, &QComboBox::currentIndexChanged, this, [=, this] {
        m_filter->setCorrectness(ReviewFilter::Correctness(comboInt(m_correct)));
        updateCount();
    });
    connect(m_longOnly, &QCheckBox::toggled, this, [this](bool on) {
        m_filter->setMinimumLength(on ? kLongReview : 0);
        updateCount();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    emit reviewSelected(current.data(ReviewTableModel::kIndexRole).toULongLong());
            });
    auto reload = [this] {
        const long keep = selectedReview();
        m_model->reload();
        updateCount();
        if (keep >= 0) selectReview(std::size_t(keep));
    };
    connect(workspace, &Workspace::corpusChanged, this, reload);
    // New predictions for the same data set change two columns only: the rows, the selection
    // and the review shown (perhaps playing) stay.
    const auto update = [this] {
        m_model->updatePredictions();
        updateCount();
    };
    connect(workspace, &Workspace::predictionsChanged, this, update);
    connect(workspace, &Workspace::predictionsUpdated, this, update);
    updateCount();
}

void ReviewListPanel::updateCount() {
    m_count->setText(tr("%1 of %2 reviews").arg(m_filter->rowCount()).arg(m_model->rowCount()));
}

long ReviewListPanel::selectedReview() const {
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? long(current.data(ReviewTableModel::kIndexRole).toULongLong()) : -1;
}

void ReviewListPanel::selectReview(std::size_t review) {
    if (review >= std::size_t(m_model->rowCount())) return; // e.g. an index from another data set
    QModelIndex proxy = m_filter->mapFromSource(m_model->index(int(review), 0));
    if (!proxy.isValid()) { // hidden by a filter: show everything again
        m_search->clear();
        m_filter->setSearchText({});
        m_split->setCurrentIndex(0);
        m_label->setCurrentIndex(0);
        m_correct->setCurrentIndex(0);
        m_longOnly->setChecked(false);
        proxy = m_filter->mapFromSource(m_model->index(int(review), 0));
    }
    m_table->selectionModel()->setCurrentIndex(proxy, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    m_table->scrollTo(proxy);
}

} // namespace flicker
