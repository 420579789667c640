from openapi_schema_validator._dialects import OAS31_BASE_DIALECT_ID
from openapi_schema_validator._dialects import OAS32_BASE_DIALECT_ID
from openapi_schema_validator._format import oas30_format_checker
from openapi_schema_validator._format import oas30_strict_format_checker
from openapi_schema_validator._format import oas31_format_checker
from openapi_schema_validator._format import oas32_format_checker
from openapi_schema_validator.shortcuts import validate
from openapi_schema_validator.validators import OAS30ReadValidator
from openapi_schema_validator.validators import OAS30StrictValidator
from openapi_schema_validator.validators import OAS30Validator
from openapi_schema_validator.validators import OAS30WriteValidator
from openapi_schema_validator.validators import OAS31Validator
from openapi_schema_validator.validators import OAS32Validator

__author__ = "Artur Maciag"
__email__ = "maciag.artur@gmail.com"
__version__ = "0.9.0"
__url__ = "https://github.com/python-openapi/openapi-schema-validator"
__license__ = "3-clause BSD License"

__all__ = [
    "validate",
    "OAS30ReadValidator",
    "OAS30StrictValidator",
    "OAS30WriteValidator",
    "OAS30Validator",
    "oas30_format_checker",
    "oas30_strict_format_checker",
    "OAS31Validator",
    "oas31_format_checker",
    "OAS32Validator",
    "oas32_format_checker",
    "OAS31_BASE_DIALECT_ID",
    "OAS32_BASE_DIALECT_ID",
]
