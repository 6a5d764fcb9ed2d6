"""Factories for every model the tests need, in one module."""

import factory

from departments.models import Department, Leader, ServiceType, ServiceWindow


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"测试部门{n}")
    short_name = factory.Sequence(lambda n: f"部门{n}")
    code = factory.Sequence(lambda n: f"dept-{n}")
    duties_summary = "负责测试相关工作。"
    address = "市民中心一楼"
    phone = "0531-12345678"


class ServiceWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceWindow

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"服务窗口{n}")
    code = factory.Sequence(lambda n: f"window-{n}")
    location = "一楼3号窗口"


class ServiceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceType

    window = factory.SubFactory(ServiceWindowFactory)
    name = factory.Sequence(lambda n: f"服务事项{n}")
    code = factory.Sequence(lambda n: f"service-{n}")
    description = "事项说明"
    required_materials = "身份证\n申请表"
    time_limit_days = 5


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"张{n}")
    title = "主任"
