# The explorer and across-review pages, the workspace and the job runner (part of flicker_app_lib).
target_sources(flicker_app_lib PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../job_runner.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../workspace.cpp
    ${CMAKE_CURRENT_LIST_DIR}/review_list.cpp
    ${CMAKE_CURRENT_LIST_DIR}/review_text.cpp
    ${CMAKE_CURRENT_LIST_DIR}/unit_panel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/explorer_page.cpp
    ${CMAKE_CURRENT_LIST_DIR}/study_page.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../models_panel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../train/train_dialog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../sweep/sweep_page.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../classroom.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../welcome_dialog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../session.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../main_window_workspace.cpp
)
target_include_directories(flicker_app_lib PUBLIC ${CMAKE_CURRENT_LIST_DIR})
