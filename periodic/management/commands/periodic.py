"""Run the periodic jobs the apps registered (docs/periodic.md).

`manage.py periodic` loops: it runs every due job, then sleeps until the next one
is due (at most --max-sleep seconds). SIGTERM or SIGINT stop it after the job that
is running. `--once` runs the due jobs once and exits; `--job NAME` runs one job
now, due or not. Several nodes may run it at once: each due run happens on one.
"""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from periodic import runner
from periodic.registry import registered_jobs


class Command(BaseCommand):
    help = "运行到期的定时任务（--once 运行一次后退出，--job 立即运行指定任务）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="运行所有到期任务一次后退出。"
        )
        parser.add_argument("--job", metavar="NAME", help="立即运行指定任务。")
        parser.add_argument(
            "--max-sleep",
            type=float,
            default=30.0,
            help="两次检查之间最多等待的秒数，默认 30。",
        )

    def handle(self, *args, once, job, max_sleep, **options):
        if max_sleep <= 0:
            raise CommandError("--max-sleep 必须大于 0。")
        if job:
            return self._run_one(job)
        if once:
            self._report(runner.run_due())
            return
        self._loop(max_sleep)

    def _run_one(self, name):
        if name not in registered_jobs():
            known = "、".join(registered_jobs()) or "无"
            raise CommandError(f"没有名为 {name} 的任务。已登记的任务：{known}")
        outcome = runner.run_now(name=name)
        if outcome is None:
            raise CommandError(f"任务 {name} 正在其他节点运行，请稍后再试。")
        self._report([outcome])

    def _report(self, outcomes):
        for outcome in outcomes:
            self.stdout.write(
                f"{outcome.name}: {outcome.outcome} "
                f"({outcome.duration.total_seconds():.3f}s)"
            )

    def _loop(self, max_sleep):
        stop = threading.Event()

        def request_stop(signum, frame):
            # Let the running job finish; the loop ends before the next one.
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self.stdout.write(f"定时任务已启动：{'、'.join(registered_jobs()) or '无'}")
        while not stop.is_set():
            close_old_connections()
            self._report(runner.run_due(should_stop=stop.is_set))
            if stop.is_set():
                break
            pause = runner.seconds_until_next_due(
                now=timezone.now(), max_sleep=max_sleep
            )
            close_old_connections()
            stop.wait(max(pause, 0.2))
        self.stdout.write("定时任务已停止。")
