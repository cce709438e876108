"""Permission matrix entries for the filtered lists and their downloads. Every role that reads
actions may list and download them, each within their own scope."""

LIST = (302, 200, 200, 200, 403, 200, 200, 200)

MATRIX = {
    "recommendations:action_list": (LIST, {}),
    "recommendations:action_export_csv": (LIST, {}),
    "recommendations:action_export_xlsx": (LIST, {}),
    "recommendations:recommendation_list": (LIST, {}),
    "recommendations:recommendation_export_csv": (LIST, {}),
    "recommendations:recommendation_export_xlsx": (LIST, {}),
}
