"""Background work of the review side: exports written to files."""

from celery import shared_task

from annotations.services import export_jobs


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def export_job_run(job_id: int) -> None:
    # A failure is recorded on the job, which the person sees; it is not retried by itself.
    export_jobs.export_job_run(job_id=job_id)
