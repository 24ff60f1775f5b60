// The models the app trained or loaded in this session, with size, data set, accuracy and date;
// selecting one makes it the workspace's model. Save writes a checkpoint.
#pragma once

#include "model/model.h"

#include <QDateTime>
#include <QWidget>

#include <memory>
#include <vector>

class QPushButton;
class QTableWidget;

namespace flicker {

class ModelsPanel : public QWidget {
    Q_OBJECT

public:
    struct Entry {
        std::shared_ptr<const Model> model;
        QString path; ///< where it is saved; empty while only in memory
        QDateTime added;
    };

    explicit ModelsPanel(QWidget* parent = nullptr);

    /// Adds a model (or updates the path of one already listed) and selects it without
    /// emitting modelChosen.
    void addModel(std::shared_ptr<const Model> model, const QString& path);
    void setPath(const std::shared_ptr<const Model>& model, const QString& path);
    /// Marks the row of the workspace's current model.
    void setCurrent(const std::shared_ptr<const Model>& model);
    const std::vector<Entry>& entries() const { return m_entries; }
    QTableWidget* table() const { return m_table; }

signals:
    void modelChosen(std::shared_ptr<const Model> model, const QString& path);
    void trainRequested();
    void openRequested();
    void saveRequested(std::shared_ptr<const Model> model);

private:
    void rebuild();
    int rowOf(const std::shared_ptr<const Model>& model) const;

    QTableWidget* m_table;
    QPushButton* m_save;
    std::vector<Entry> m_entries;
    std::shared_ptr<const Model> m_current;
    bool m_updating = false;
};

} // namespace flicker
