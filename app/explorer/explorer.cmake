# The explorer (one review) and across-review (study) pages (part of flicker_app_lib).
target_sources(flicker_app_lib PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/review_list.cpp
    ${CMAKE_CURRENT_LIST_DIR}/review_text.cpp
    ${CMAKE_CURRENT_LIST_DIR}/unit_panel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/explorer_page.cpp
    ${CMAKE_CURRENT_LIST_DIR}/study_page.cpp
    ${CMAKE_CURRENT_LIST_DIR}/range_match_panel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/study_compare.cpp
)
target_include_directories(flicker_app_lib PUBLIC ${CMAKE_CURRENT_LIST_DIR})
