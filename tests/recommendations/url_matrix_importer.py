"""Permission matrix entries for the action-plan importer and the plan download."""

from tests.recommendations.import_helpers import simple_plan, upload_batch

UPLOAD = (302, 200, 403, 403, 403, 403, 403, 200)
BATCH = (302, 200, 404, 404, 404, 404, 404, 404)
READ = (302, 200, 200, 200, 404, 200, 200, 404)

MATRIX = {
    "recommendations:import_upload": (UPLOAD, {}),
    "recommendations:import_preview": (BATCH, {"pk": "import_batch"}),
    "recommendations:import_mapping": (BATCH, {"pk": "import_batch"}),
    "recommendations:import_agencies": (BATCH, {"pk": "import_batch"}),
    "recommendations:import_discard": (BATCH, {"pk": "import_batch"}),
    "recommendations:action_plan_download": (READ, {"review_pk": "review"}),
}


def make_objects(core, request):
    board_manager = request.getfixturevalue("board_manager")
    batch = upload_batch(simple_plan(), review=core["review"], actor=board_manager)
    return {"import_batch": batch}
