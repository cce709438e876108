"""Permission matrix entries for the filtered lists and their downloads. Every role that reads
actions may list and download them, each within their own scope."""

LIST = (302, 200, 200, 200, 403, 200, 200, 200)

MATRIX = {
    "assurance:action_list": (LIST, {}),
    "assurance:action_export_csv": (LIST, {}),
    "assurance:action_export_xlsx": (LIST, {}),
    "assurance:recommendation_list": (LIST, {}),
    "assurance:recommendation_export_csv": (LIST, {}),
    "assurance:recommendation_export_xlsx": (LIST, {}),
}
