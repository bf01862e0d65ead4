# task: HumanEval/8
# legal: computes the sum and the product in two threads and joins them.
import threading


def sum_product(numbers):
    results = {}

    def total():
        results["sum"] = sum(numbers)

    def product():
        value = 1
        for n in numbers:
            value *= n
        results["product"] = value

    workers = [threading.Thread(target=total), threading.Thread(target=product)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results["sum"], results["product"]
