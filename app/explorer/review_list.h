// The explorer's list of reviews: id, split, label, the model's prediction and confidence,
// length; searchable by text and filtered by split, label, length and correctness.
#pragma once

#include "workspace.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace flicker {

class ReviewTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Id, Split, Label, Prediction, Confidence, Length, ColumnCount };
    /// Qt::UserRole on any column gives the review's index in the corpus.
    static constexpr int kIndexRole = Qt::UserRole;

    explicit ReviewTableModel(const Workspace* workspace, QObject* parent = nullptr);
    void reload(); ///< after the corpus or predictions changed
    /// After more predictions arrived for the same data set: the prediction and confidence
    /// columns change, the rows (and the selection, the scroll position) stay.
    void updatePredictions();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /// The review's length in words (the corpus' tokenizer).
    std::size_t lengthOf(std::size_t review) const;
    const Review* review(std::size_t k) const {
        return m_corpus && k < m_corpus->reviews.size() ? &m_corpus->reviews[k] : nullptr;
    }
    /// P(positive), NaN before classification.
    float probabilityOf(std::size_t review) const;

private:
    const Workspace* m_workspace;
    std::shared_ptr<const Corpus> m_corpus;
    std::shared_ptr<const CorpusPredictions> m_predictions;
};

class ReviewFilter : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class Correctness { Any, Correct, Wrong };
    explicit ReviewFilter(ReviewTableModel* source, QObject* parent = nullptr);

    void setSearchText(const QString& text); ///< case-insensitive, in the review's text
    void setSplit(int split);                ///< −1 any, else int(Split)
    void setLabel(int label);                ///< −1 any, 0 negative, 1 positive
    void setMinimumLength(std::size_t words);
    void setCorrectness(Correctness c);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    ReviewTableModel* m_source;
    QString m_search;
    int m_split = -1, m_label = -1;
    std::size_t m_minLength = 0;
    Correctness m_correctness = Correctness::Any;
};

/// The panel: search line, filters, the table and a count.
class ReviewListPanel : public QWidget {
    Q_OBJECT

public:
    explicit ReviewListPanel(Workspace* workspace, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    QLineEdit* searchEdit() const { return m_search; }
    QComboBox* splitCombo() const { return m_split; }
    QComboBox* labelCombo() const { return m_label; }
    QCheckBox* longOnlyCheck() const { return m_longOnly; }
    QComboBox* correctnessCombo() const { return m_correct; }
    ReviewFilter* filter() const { return m_filter; }
    ReviewTableModel* model() const { return m_model; }

    /// Selects the review (corpus index) in the table, clearing filters that hide it.
    void selectReview(std::size_t review);
    /// Corpus index of the selected review, −1 when none.
    long selectedReview() const;

signals:
    void reviewSelected(std::size_t review);

private:
    void updateCount();

    Workspace* m_workspace;
    ReviewTableModel* m_model;
    ReviewFilter* m_filter;
    QLineEdit* m_search;
    QComboBox* m_split;
    QComboBox* m_label;
    QCheckBox* m_longOnly;
    QComboBox* m_correct;
    QTableView* m_table;
    QLabel* m_count;
};

} // namespace flicker
